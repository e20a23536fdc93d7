// The consortium topology: loads network/topology.yaml, checks it, and resolves every node to an address.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind } from '@plasma/chaincode';
import { parse } from 'yaml';
import { z } from 'zod';
import { dataRoot } from './layout';

const port = z.number().int().min(1024).max(65535);
// Databases, roles, folders and processes are named after it in lower case (plasma_stationa_gateway): at most 30
// characters keeps every such name within PostgreSQL's 63.
const name = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,29}$/, 'letters and digits, starting with a letter, at most 30');
const fin = z.string().regex(/^[A-NP-Z1-9][0-9]{4}$/, 'an ISBT 128 facility identification number such as G1001');
// The chaincode's one list of `role` attribute values: people's roles, and the service identities' (`service`, the
// gateway's reader of the channel; `device-gateway`, a site's cold-chain ingest).
const role = z.enum(ROLES);

const organisationSchema = z.object({
  name,
  mspId: name,
  kind: z.enum(ORGANISATION_KINDS),
  facilities: z.array(fin).default([]),
  ca: z.object({ host: z.string(), port, operationsPort: port }),
  peers: z.array(z.object({ name, host: z.string(), port, chaincodePort: port, operationsPort: port })).min(1),
  orderers: z.array(z.object({ name, host: z.string(), port, adminPort: port, operationsPort: port })).default([]),
  chaincodeServer: z.object({ host: z.string(), port }),
  gateway: z.object({ host: z.string(), port }),
  users: z.array(z.object({ name, role })).default([]),
});

const schema = z.object({
  channel: z.string().regex(/^[a-z][a-z0-9.-]*$/, 'a lower-case channel name'),
  chaincode: z.object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    endorsingOrganisations: z.number().int().min(1),
  }),
  hosts: z.record(z.string(), z.string().min(1)),
  services: z.object({
    database: z.object({ host: z.string(), port }),
  }),
  // raft: crash-fault tolerant (the default); bft: Fabric v3's SmartBFT, which tolerates a dishonest orderer.
  ordering: z.enum(['raft', 'bft']).default('raft'),
  organisations: z.array(organisationSchema).min(1),
});

/** A candidate member, described as a topology entry is: `network/candidates/<Name>.yaml` (`hosts` optional). */
const candidateSchema = organisationSchema.extend({ hosts: z.record(z.string(), z.string().min(1)).default({}) });

export type { OrganisationKind };
export type Role = z.infer<typeof role>;
export type NodeKind = 'ca' | 'orderer' | 'peer' | 'chaincode';

interface NodeBase {
  /** Unique across the consortium, e.g. `peer0.factory`. */
  readonly name: string;
  readonly org: string;
  /** Address other nodes and clients dial. */
  readonly host: string;
  readonly port: number;
}
export interface CaNode extends NodeBase {
  readonly kind: 'ca';
  readonly operationsPort: number;
}
export interface PeerNode extends NodeBase {
  readonly kind: 'peer';
  readonly chaincodePort: number;
  readonly operationsPort: number;
}
export interface OrdererNode extends NodeBase {
  readonly kind: 'orderer';
  readonly adminPort: number;
  readonly operationsPort: number;
}
export interface ChaincodeServerNode extends NodeBase {
  readonly kind: 'chaincode';
}
export type NetworkNode = CaNode | PeerNode | OrdererNode | ChaincodeServerNode;

export interface User {
  readonly name: string;
  readonly role: Role;
}

export interface Organisation {
  readonly name: string;
  readonly mspId: string;
  readonly kind: OrganisationKind;
  readonly facilities: readonly string[];
  readonly ca: CaNode;
  readonly peers: readonly PeerNode[];
  readonly orderers: readonly OrdererNode[];
  readonly chaincodeServer: ChaincodeServerNode;
  /** Its GraphQL gateway and explorer, which serve its own people only. */
  readonly gateway: ServiceEndpoint;
  /** Its own PostgreSQL database (its projection, people, sessions, readings), e.g. `plasma_stationa`. */
  readonly database: string;
  readonly users: readonly User[];
}

export interface ServiceEndpoint {
  readonly host: string;
  readonly port: number;
}

export type Ordering = 'raft' | 'bft';

export interface Topology {
  readonly channel: string;
  readonly ordering: Ordering;
  /** This host's PostgreSQL server, which holds each organisation's database. */
  readonly services: { readonly database: ServiceEndpoint };
  readonly chaincode: { readonly name: string; readonly endorsingOrganisations: number };
  readonly organisations: readonly Organisation[];
}

/** network/topology.yaml, or the file PLASMA_TOPOLOGY names (e.g. network/topology-bft.yaml, with its own PLASMA_DATA_DIR). */
export const defaultTopologyFile = path.resolve(
  path.join(__dirname, '..', '..'),
  process.env.PLASMA_TOPOLOGY ?? path.join('network', 'topology.yaml'),
);
export const candidatesDir = path.resolve(__dirname, '..', 'candidates');
export const candidateFile = (name: string): string => path.join(candidatesDir, `${name}.yaml`);
/** Who joined the running channel after its genesis (add-org) and who left it, by name, in order. */
export const membershipFile = path.join(dataRoot, 'membership.json');

export interface Membership {
  readonly joined: readonly string[];
  readonly left: readonly string[];
}

const membershipSchema = z.object({ joined: z.array(name), left: z.array(name) });

export function membership(): Membership {
  if (!existsSync(membershipFile)) return { joined: [], left: [] };
  return parsed(membershipSchema.safeParse(JSON.parse(readFileSync(membershipFile, 'utf8'))), membershipFile, 'membership record');
}

/** Members that joined and are still members. */
const currentJoined = ({ joined, left }: Membership): string[] => joined.filter((name) => !left.includes(name));

/** The members that left, as their candidate files describe them (their collections stay: collectionsConfig). */
export function formerMembers(): Organisation[] {
  return membership().left.map((name) => loadCandidate(name));
}

function parsed<T>(result: z.ZodSafeParseResult<T>, file: string, what: string): T {
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`${file} is not a valid ${what}:\n${problems.join('\n')}`);
}

/**
 * The consortium of `file`: its founding members, then (for the project's own topology) the members that joined the
 * running channel since, each as its candidate file describes it.
 */
export function loadTopology(file: string = defaultTopologyFile, members: Membership = membership()): Topology {
  const spec = parsed(schema.safeParse(parse(readFileSync(file, 'utf8'))), file, 'topology');
  const founders = spec.organisations.map((org) => resolveOrganisation(org, spec.hosts, file));
  const joined = file === defaultTopologyFile ? currentJoined(members).map((name) => loadCandidate(name, spec.hosts)) : [];
  const services = {
    database: { host: hostOf(spec.hosts, spec.services.database.host, 'services.database', file), port: spec.services.database.port },
  };
  const topology: Topology = {
    channel: spec.channel,
    ordering: spec.ordering,
    chaincode: spec.chaincode,
    services,
    organisations: [...founders, ...joined],
  };
  checkConsistency(topology, file);
  return topology;
}

/** A candidate member from `network/candidates/<name>.yaml`, its hosts those of the topology and its own. */
export function loadCandidate(name: string, hosts: Record<string, string> = loadTopologyHosts()): Organisation {
  const file = candidateFile(name);
  if (!existsSync(file)) throw new Error(`no candidate ${name}: ${file} does not exist`);
  const spec = parsed(candidateSchema.safeParse(parse(readFileSync(file, 'utf8'))), file, 'candidate');
  if (spec.name !== name) throw new Error(`${file} describes ${spec.name}, not ${name}`);
  return resolveOrganisation(spec, { ...hosts, ...spec.hosts }, file);
}

const loadTopologyHosts = (): Record<string, string> =>
  (parse(readFileSync(defaultTopologyFile, 'utf8')) as { hosts: Record<string, string> }).hosts;

/** The topology with `candidate` as one more member (checked as a whole). */
export function withMember(topology: Topology, candidate: Organisation): Topology {
  const joined: Topology = { ...topology, organisations: [...topology.organisations.filter((o) => o.name !== candidate.name), candidate] };
  checkConsistency(joined, candidateFile(candidate.name));
  return joined;
}

function hostOf(hosts: Record<string, string>, alias: string, where: string, file: string): string {
  const address = hosts[alias];
  if (address === undefined) throw new Error(`${file}: ${where} names host '${alias}', which is not under hosts`);
  return address;
}

/** An organisation as its nodes are dialled: each host alias resolved to an address. */
function resolveOrganisation(org: z.infer<typeof organisationSchema>, hosts: Record<string, string>, file: string): Organisation {
  const at = (alias: string, where: string): string => hostOf(hosts, alias, where, file);
  const suffix = org.name.toLowerCase();
  return {
    name: org.name,
    mspId: org.mspId,
    kind: org.kind,
    facilities: org.facilities,
    ca: {
      kind: 'ca',
      name: `ca.${suffix}`,
      org: org.name,
      host: at(org.ca.host, `${org.name}.ca`),
      port: org.ca.port,
      operationsPort: org.ca.operationsPort,
    },
    peers: org.peers.map((p) => ({
      kind: 'peer',
      name: `${p.name}.${suffix}`,
      org: org.name,
      host: at(p.host, `${org.name}.${p.name}`),
      port: p.port,
      chaincodePort: p.chaincodePort,
      operationsPort: p.operationsPort,
    })),
    orderers: org.orderers.map((o) => ({
      kind: 'orderer',
      name: `${o.name}.${suffix}`,
      org: org.name,
      host: at(o.host, `${org.name}.${o.name}`),
      port: o.port,
      adminPort: o.adminPort,
      operationsPort: o.operationsPort,
    })),
    chaincodeServer: {
      kind: 'chaincode',
      name: `chaincode.${suffix}`,
      org: org.name,
      host: at(org.chaincodeServer.host, `${org.name}.chaincodeServer`),
      port: org.chaincodeServer.port,
    },
    gateway: { host: at(org.gateway.host, `${org.name}.gateway`), port: org.gateway.port },
    database: `plasma_${suffix}`,
    users: org.users,
  };
}

function checkConsistency(topology: Topology, file: string): void {
  const problems: string[] = [];
  const unique = (what: string, values: readonly string[]): void => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) problems.push(`${what} '${value}' appears twice`);
      seen.add(value);
    }
  };
  // In any case: what is named after an organisation is named in lower case (its folders, database, processes).
  unique(
    'organisation name (in any case)',
    topology.organisations.map((o) => o.name.toLowerCase()),
  );
  unique(
    'MSP ID (in any case)',
    topology.organisations.map((o) => o.mspId.toLowerCase()),
  );
  unique(
    'facility',
    topology.organisations.flatMap((o) => o.facilities),
  );
  unique('host:port', [
    ...allNodes(topology).flatMap((n) => listeningPorts(n).map((p) => `${n.host}:${p}`)),
    ...topology.organisations.map((o) => address(o.gateway)),
    address(topology.services.database),
  ]);
  // Raft survives f crashed orderers of 2f+1; SmartBFT f dishonest ones of 3f+1, each run by another organisation.
  const ordererOrgs = new Set(orderers(topology).map((o) => o.org));
  const needed = topology.ordering === 'bft' ? 4 : 3;
  if (orderers(topology).length < needed || ordererOrgs.size < needed) {
    problems.push(
      `${topology.ordering === 'bft' ? 'BFT' : 'Raft'} ordering needs at least ${needed} orderers run by ${needed} different organisations`,
    );
  }
  for (const org of topology.organisations) {
    if (org.kind === 'station' && org.facilities.length === 0) problems.push(`station ${org.name} needs a facility (FIN)`);
    if (!org.users.some((u) => u.role === 'service')) problems.push(`${org.name} needs a user with role 'service' (its indexer's reader)`);
  }
  if (topology.chaincode.endorsingOrganisations > topology.organisations.length) {
    problems.push('chaincode.endorsingOrganisations exceeds the number of organisations');
  }
  if (problems.length > 0) throw new Error(`${file} is not a valid topology:\n  ${problems.join('\n  ')}`);
}

/** Every port a node listens on, so that clashes are found before anything starts. */
export function listeningPorts(node: NetworkNode): number[] {
  switch (node.kind) {
    case 'ca':
      return [node.port, node.operationsPort];
    case 'peer':
      return [node.port, node.chaincodePort, node.operationsPort];
    case 'orderer':
      return [node.port, node.adminPort, node.operationsPort];
    case 'chaincode':
      return [node.port];
  }
}

export const orderers = (t: Topology): OrdererNode[] => t.organisations.flatMap((o) => o.orderers);
export const peers = (t: Topology): PeerNode[] => t.organisations.flatMap((o) => o.peers);

/** Nodes in the order they start: CAs, orderers, chaincode servers, peers. */
export function allNodes(t: Topology): NetworkNode[] {
  return [...t.organisations.map((o) => o.ca), ...orderers(t), ...t.organisations.map((o) => o.chaincodeServer), ...peers(t)];
}

/** One organisation's nodes, in the order they start. */
export function nodesOf(org: Organisation): NetworkNode[] {
  return [org.ca, ...org.orderers, org.chaincodeServer, ...org.peers];
}

export function organisation(t: Topology, name: string): Organisation {
  const org = t.organisations.find((o) => o.name === name || o.mspId === name);
  if (!org) throw new Error(`no organisation '${name}' in the topology`);
  return org;
}

/** The organisation's first peer: the one its people, admins and services go through. */
export function firstPeer(org: Organisation): PeerNode {
  const [peer] = org.peers;
  if (!peer) throw new Error(`${org.name} has no peer`);
  return peer;
}

export const address = (node: { host: string; port: number }): string => `${node.host}:${node.port}`;
