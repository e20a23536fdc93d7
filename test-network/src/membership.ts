// A member joins the running consortium, or leaves it (`npm run add-org -- <Name> [--remove]`), every step done as the
// admin whose step it is, in that organisation's own deployment; on one host, "passing a file" is writing it where the
// next admin reads it. A join: the candidate makes its CA, identities and card; the members receive the card; one
// member's admin prepares the channel configuration update that adds it; more than half of the members' admins check
// it against the change they were asked to approve (each works the update out itself from the configuration it fetches)
// and sign it (the channel's Application Admins policy is MAJORITY Admins), the last one submitting it; the candidate's peer
// joins the channel; the chaincode definition is approved again by every member, the candidate included (its peer and
// private data collection added); the registry admits its facilities through Consortium:ChangeRegistry, approved by a
// majority; then its database, indexer and gateway start.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  firstPeer,
  dataRoot,
  endorsementPolicy,
  loadCandidate,
  memberConfigtx,
  membership,
  membershipFile,
  nodesOf,
  type Organisation,
  receivedCard,
  receiveOrganisationCard,
  type Topology,
  withMember,
  writeOrganisationCard,
} from '@plasma/network';
import {
  adminEnv,
  changeChannel,
  channelConfig,
  type ConfigChange,
  ensureOrganisationDatabase,
  runFabricTool,
  stop,
  waitFor,
} from '@plasma/platform';
import { migrate } from '@plasma/gateway-api';
import { deployChaincode } from './chaincode';
import { changeRegistry, readRegistry, waitForEndorsers } from './consortium';
import { startIdentities, startNodes } from './organisation-part';
import { organisationServices } from './services';

type Progress = (message: string) => void;

/** Where a membership change's files pass between the admins (the update, then each signature on it). */
const workDir = (name: string): string => path.join(dataRoot, 'membership', name.toLowerCase());

/**
 * More than half of `members` (the channel's MAJORITY Admins, the registry's rule), chosen among `among` (a leaving
 * member counts among the members but does not sign its own removal), the regulator first: it prepares and submits.
 */
export function majorityOf(members: readonly Organisation[], among: readonly Organisation[] = members): Organisation[] {
  const needed = Math.floor(members.length / 2) + 1;
  const ordered = [...among].sort((a, b) => Number(b.kind === 'regulator') - Number(a.kind === 'regulator'));
  if (ordered.length < needed)
    throw new Error(`a majority of the ${members.length} members needs ${needed} admins; only ${ordered.length} may sign`);
  return ordered.slice(0, needed);
}

/** The MSP IDs of the channel's application members, as its configuration has them now. */
export async function channelMembers(topology: Topology, admin: Organisation): Promise<string[]> {
  return Object.keys(
    (await channelConfig(topology, admin, path.join(workDir(admin.name), 'members'))).channel_group.groups.Application.groups,
  );
}

/** The change that adds `candidate` (from its card as received, with its anchor peer) to the channel's members. */
export async function additionOf(candidate: Organisation): Promise<ConfigChange> {
  const dir = workDir(candidate.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'configtx.yaml'), memberConfigtx(candidate));
  const { stdout } = await runFabricTool('configtxgen', ['-printOrg', candidate.mspId, '-configPath', dir]);
  const definition = JSON.parse(stdout) as { values: Record<string, unknown> };
  // Its anchor peer, so that the other members' peers find its peer through gossip.
  const anchor = firstPeer(candidate);
  definition.values.AnchorPeers ??= {
    mod_policy: 'Admins',
    value: { anchor_peers: [{ host: anchor.host, port: anchor.port }] },
    version: '0',
  };
  return (config) => {
    config.channel_group.groups.Application.groups[candidate.mspId] = structuredClone(definition);
  };
}

/** The change that removes `mspId` from the channel's members. */
const removalOf =
  (mspId: string): ConfigChange =>
  (config) => {
    const application = config.channel_group.groups.Application;
    application.groups = Object.fromEntries(Object.entries(application.groups).filter(([member]) => member !== mspId));
  };

/** Where the update of a change to `name`'s membership is prepared and passed between the admins. */
export const updateDir = (name: string, what: 'add' | 'remove'): string => path.join(workDir(name), what);

async function height(topology: Topology, org: Organisation): Promise<number> {
  const { stdout } = await runFabricTool('peer', ['channel', 'getinfo', '-c', topology.channel], adminEnv(org));
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { height: number }).height;
}

/** Waits until `org`'s peer has every block `member`'s peer had when asked: its admin approves only on a current ledger. */
async function caughtUp(topology: Topology, org: Organisation, member: Organisation): Promise<void> {
  const target = await height(topology, member);
  await waitFor(`${org.name}'s peer to reach block ${target - 1}`, async () => (await height(topology, org)) >= target, 120_000);
}

function recordMembership(change: (current: { joined: string[]; left: string[] }) => void): void {
  const current = membership();
  const next = { joined: [...current.joined], left: [...current.left] };
  change(next);
  const unique = { joined: [...new Set(next.joined)], left: [...new Set(next.left)] };
  // Written whole, then renamed: a reader never sees half a file.
  writeFileSync(`${membershipFile}.draft`, `${JSON.stringify(unique, null, 2)}\n`);
  renameSync(`${membershipFile}.draft`, membershipFile);
}

/**
 * The candidate of network/candidates/<name>.yaml makes its CA, identities and card in its own deployment, and the
 * members receive the card (checked: signed by its admin, issued by its CA, its nodes as its candidate file has them).
 */
export async function prepareCandidate(topology: Topology, name: string): Promise<Organisation> {
  if (topology.organisations.some((o) => o.name === name)) {
    throw new Error(`${name} is a member already ('npm run up -- --org ${name}' starts its part)`);
  }
  const candidate = loadCandidate(name);
  withMember(topology, candidate); // its names, facilities and ports clash with no member's
  const { former } = await readRegistry(topology, majorityOf(topology.organisations)[0]!);
  if (membership().left.includes(name) || former.some((f) => f.mspId === candidate.mspId)) {
    throw new Error(`${candidate.mspId} left the consortium and is never admitted again; a member joining again needs a new MSP ID`);
  }
  await startIdentities(candidate);
  receiveOrganisationCard(candidate, readFileSync(writeOrganisationCard(candidate), 'utf8'));
  return candidate;
}

/**
 * Adds the candidate of network/candidates/<name>.yaml to the running consortium; see the top of this file. Each step
 * is skipped when done already, so that a join that failed half-way is finished by running it again.
 */
export async function addMember(topology: Topology, name: string, step: Progress): Promise<Topology> {
  step(`${name}: its certificate authority, identities and card, in its own deployment; the members receive the card`);
  const candidate = await prepareCandidate(topology, name);
  const joined = withMember(topology, candidate);
  const signers = majorityOf(topology.organisations);
  const approvers = signers.map((o) => o.name).join(', ');

  if (!(await channelMembers(topology, signers[0]!)).includes(candidate.mspId)) {
    step(`${signers[0]!.name} prepares the channel update adding ${candidate.mspId}; ${approvers} check and sign it`);
    await changeChannel(topology, signers, updateDir(name, 'add'), await additionOf(candidate));
  }
  step(`${name}: its peer joins the channel from its genesis block and catches up`);
  await startNodes(joined, candidate);
  await caughtUp(joined, candidate, signers[0]!);
  step(`the chaincode definition approved again by every member, ${name} included (its peer and private data collection)`);
  const deployment = await deployChaincode(joined, endorsementPolicy(joined));
  step(`waiting for every peer to know a peer of every organisation`);
  await waitForEndorsers(joined);

  if (!(await readRegistry(joined, signers[0]!)).organisations.some((o) => o.mspId === candidate.mspId)) {
    step(`the registry admits ${name} (facilities ${candidate.facilities.join(', ')}), approved by ${approvers}`);
    const entry = receivedCard(candidate).organisation;
    await changeRegistry(joined, signers, (current) => [...current, entry], `${name} joins the consortium`);
  }
  await migrate(await ensureOrganisationDatabase(joined, candidate));
  // From here on every command's topology holds it (loadTopology): its services read it too.
  recordMembership((m) => m.joined.push(name));
  step(`${name}: its database, indexer and gateway`);
  for (const service of organisationServices(candidate)) await service.start({ topology: joined, progress: step });
  step(`${name} is a member: chaincode ${deployment.label}, sequence ${deployment.sequence}`);
  return joined;
}

/**
 * Takes out `name`, a member that joined with add-org (founders are the topology's): a majority of the members' admins,
 * itself not among them, approve its removal from the registry (it joins the former members, whose MSP ID is never
 * admitted again) and sign the channel update that removes its MSP, after which no peer or orderer honours its
 * certificates; the chaincode definition is approved again without its peer, its collection held by the factories
 * alone (collectionsConfig); its services and nodes stop. Each step is skipped when done already.
 */
export async function removeMember(topology: Topology, name: string, step: Progress): Promise<Topology> {
  const leaving = topology.organisations.find((o) => o.name === name);
  if (!leaving || !membership().joined.includes(name)) {
    throw new Error(`${name} is not a member that joined with add-org; founding members are network/topology.yaml's`);
  }
  const staying = topology.organisations.filter((o) => o !== leaving);
  const remaining: Topology = { ...topology, organisations: staying };
  const signers = majorityOf(topology.organisations, staying);
  const approvers = signers.map((o) => o.name).join(', ');

  if ((await readRegistry(topology, signers[0]!)).organisations.some((o) => o.mspId === leaving.mspId)) {
    step(`the registry takes ${name} out, approved by ${approvers}`);
    await changeRegistry(topology, signers, (current) => current.filter((e) => e.mspId !== leaving.mspId), `${name} leaves the consortium`);
  }
  if ((await channelMembers(topology, signers[0]!)).includes(leaving.mspId)) {
    step(`${signers[0]!.name} prepares the channel update removing ${leaving.mspId}; ${approvers} check and sign it`);
    await changeChannel(topology, signers, updateDir(name, 'remove'), removalOf(leaving.mspId));
  }
  recordMembership((m) => m.left.push(name));
  step(`the chaincode definition approved again without ${name}'s peer; its collection stays with the factories`);
  await deployChaincode(remaining, endorsementPolicy(remaining));
  // As after every deployment (launcher.ts): the restarted chaincode servers and gossip settle before anyone endorses.
  await waitForEndorsers(remaining);

  step(`${name}: its services and nodes stop`);
  for (const service of organisationServices(leaving).reverse()) await service.stop();
  for (const node of nodesOf(leaving).reverse()) await stop(node.name);
  return remaining;
}
