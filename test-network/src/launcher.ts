// Brings the whole consortium up on this host, or one organisation's part of it (`--org`), in order, doing only what
// is missing: a warm `up` restarts stopped nodes on their existing ledgers; a cold one creates identities and the
// channel too.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  allNodes,
  membership,
  dataHome,
  dataRoot,
  endorsementPolicy,
  genesisEndorsementPolicy,
  listeningPorts,
  type NetworkNode,
  nodesOf,
  type Organisation,
  raftLeader,
  repoRoot,
  stateFile,
  type Topology,
  writeOrganisationCard,
} from '@plasma/network';
import { assertPortFree, ensureOrganisationDatabase, keepWritesPrivate, runningPid, type Service, stop, waitFor } from '@plasma/platform';
import { migrate } from '@plasma/gateway-api';
import { allServices, databaseService, hostServices, organisationServices } from './services';
import { createGenesisBlock, exchangeOrganisationCards, genesisBlock } from './channel';
import { buildChaincode, deployChaincode, readDeployment, startChaincodeServers, startOrganisationChaincodeServer } from './chaincode';
import { initialiseConsortium, waitForEndorsers } from './consortium';
import { withLauncherLock } from './lock';
import { startIdentities, startNodes } from './organisation-part';
import { addMember, removeMember } from './membership';

export type Progress = (message: string) => void;

export function installFabric(): void {
  execFileSync('bash', ['scripts/install-fabric.sh'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * The ledgers and identities belong to the consortium they were created for; a changed consortium
 * (organisations, nodes, channel) needs a clean start. Users and off-chain services may change freely.
 */
function checkState(topology: Topology): void {
  const { channel, chaincode, ordering } = topology;
  // Users may be added later, the off-chain services moved, and members join the running channel (add-org).
  const { joined } = membership();
  const organisations = topology.organisations
    .filter((o) => !joined.includes(o.name))
    .map(({ users: _users, gateway: _gateway, database: _database, ...nodes }) => nodes);
  const consortium = { channel, chaincode, organisations, ...(ordering === 'raft' ? {} : { ordering }) };
  const topologyHash = createHash('sha256').update(JSON.stringify(consortium)).digest('hex');
  if (!existsSync(stateFile)) {
    mkdirSync(dataRoot, { recursive: true });
    writeFileSync(stateFile, JSON.stringify({ topologyHash, created: new Date().toISOString() }, null, 2));
    return;
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { topologyHash: string };
  if (state.topologyHash !== topologyHash) {
    throw new Error(
      `the consortium in network/topology.yaml has changed since the network in ${dataRoot} was created; ` +
        `run 'npm run down -- --clean' to remove the old network (and its ledgers) and start afresh`,
    );
  }
}

async function assertPortsFree(nodes: readonly NetworkNode[]): Promise<void> {
  for (const node of nodes) {
    if (runningPid(node.name) !== undefined) continue;
    for (const port of listeningPorts(node)) await assertPortFree(node.host, port, node.name);
  }
}

/** Progress lines stamped with the seconds since the start. */
function timed(progress: Progress): Progress {
  const started = Date.now();
  return (message) => progress(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

/**
 * Brings up every organisation of the topology on this host, or with `org` only that organisation's part: its CA and
 * identities, its card, its orderers and peers joined to the channel, its chaincode server (of a consortium whose
 * channel and chaincode this host has made already).
 */
export function up(topology: Topology, progress: Progress, org?: Organisation): Promise<void> {
  keepWritesPrivate();
  return withLauncherLock(() => (org ? bringUpOrganisation(topology, org, timed(progress)) : bringUp(topology, timed(progress))), progress);
}

/**
 * This host's PostgreSQL server (unless DATABASE_URL names the operator's), then each organisation's own database on it,
 * one after another (each writes the secret file), migrated.
 */
async function startDatabases(topology: Topology, orgs: readonly Organisation[], step: Progress): Promise<void> {
  if (process.env.DATABASE_URL) {
    // The operator's server holds one organisation's database: its own part's.
    if (orgs.length !== 1) throw new Error("DATABASE_URL names one organisation's database: use it with 'npm run up -- --org <Name>'");
    await migrate(process.env.DATABASE_URL);
    return;
  }
  await databaseService.start({ topology, progress: step });
  for (const org of orgs) await migrate(await ensureOrganisationDatabase(topology, org));
  step(`PostgreSQL is up: ${orgs.map((o) => o.database).join(', ')} migrated`);
}

async function startServices(topology: Topology, services: readonly Service[], step: Progress): Promise<void> {
  for (const service of services) {
    step(`starting ${service.name}`);
    await service.start({ topology, progress: step });
  }
}

async function bringUpOrganisation(topology: Topology, org: Organisation, step: Progress): Promise<void> {
  checkState(topology);
  const deployment = readDeployment();
  if (!existsSync(genesisBlock()) || deployment === undefined) {
    throw new Error(
      `${org.name}'s part joins the consortium's channel and chaincode, which this host has not made yet: run 'npm run up' (every organisation) first`,
    );
  }
  installFabric();
  await assertPortsFree(nodesOf(org));
  const database = startDatabases(topology, [org], step);
  database.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  step(`${org.name}: its certificate authority and identities (nodes, admins, users, TLS)`);
  await startIdentities(org);
  writeOrganisationCard(org);
  step(`${org.name}: its orderers and peers, clocks checked against this host, joined to the channel`);
  await startNodes(topology, org);
  await startOrganisationChaincodeServer(org, deployment);
  step(`${org.name}: waiting for its peers to know a peer of every organisation`);
  await waitForEndorsers(topology, [org]);
  await database;
  await startServices(topology, organisationServices(org), step);
  step(`${org.name}'s part is up: chaincode ${deployment.label}, sequence ${deployment.sequence}`);
}

async function bringUp(topology: Topology, step: Progress): Promise<void> {
  checkState(topology); // before anything is downloaded or started: a stale network is refused at once
  step('checking Fabric binaries');
  installFabric();
  await assertPortsFree(allNodes(topology));
  const { host, port } = topology.services.database;
  if (!process.env.DATABASE_URL && runningPid(databaseService.name) === undefined) await assertPortFree(host, port, 'PostgreSQL');
  // The project's PostgreSQL starts beside the nodes, with each organisation's database.
  const database = startDatabases(topology, topology.organisations, step);
  database.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled

  // Each organisation's part, phase by phase (organisation-part.ts), with the consortium's steps between the phases.
  step('each organisation: its certificate authority and identities (nodes, admins, users, TLS)');
  await Promise.all(topology.organisations.map(startIdentities));
  step('exchanging organisation cards, each signed by its admin; the channel genesis from them');
  exchangeOrganisationCards(topology);
  await createGenesisBlock(topology);
  step('each organisation: its orderers and peers, clocks checked against this host, joined to the channel');
  await Promise.all(topology.organisations.map((org) => startNodes(topology, org)));
  // Restarted orderers elect a leader first; until then the channel takes no transaction (a deployment's approvals).
  if (topology.ordering === 'raft') {
    await waitFor('a Raft leader of the channel', async () => (await raftLeader(topology)) !== undefined, 60_000);
  }

  step('building chaincode');
  buildChaincode();
  const recorded = readDeployment();
  if (recorded) await startChaincodeServers(topology, recorded);
  step('deploying chaincode (skipped when this code is already committed)');
  // Until the registry exists the chaincode runs under the genesis policy (every founding member endorses); the
  // operating policy follows once the founding members are registered.
  const operating = endorsementPolicy(topology);
  const genesis = recorded !== undefined && recorded.policy === operating ? operating : genesisEndorsementPolicy(topology);
  let deployment = await deployChaincode(topology, genesis);
  await startChaincodeServers(topology, deployment);
  step('waiting for every peer to know a peer of every organisation');
  await waitForEndorsers(topology);
  if (await initialiseConsortium(topology)) step('registered the consortium members on the ledger, endorsed by every founding member');
  if (deployment.policy !== operating) {
    deployment = await deployChaincode(topology, operating);
    step(`the founding members committed the operating endorsement policy ${operating}`);
    await waitForEndorsers(topology);
  }
  await database;
  await startServices(topology, hostServices, step);
  for (const org of topology.organisations) await startServices(topology, organisationServices(org), step);
  // Last, and never fatal: a story that cannot be told is reported with its step, and the network stays up.
  const { runDemoStory } = await import('@plasma/demo');
  await runDemoStory(step, topology);
  step(`network is up: chaincode ${deployment.label}, sequence ${deployment.sequence}`);
}

/** A candidate of network/candidates joins the running consortium (membership.ts). */
export function addOrganisation(topology: Topology, name: string, progress: Progress): Promise<Topology> {
  keepWritesPrivate();
  return withLauncherLock(() => addMember(topology, name, timed(progress)), progress);
}

/** A member leaves the running consortium (membership.ts). */
export function removeOrganisation(topology: Topology, name: string, progress: Progress): Promise<Topology> {
  return withLauncherLock(() => removeMember(topology, name, timed(progress)), progress);
}

export function redeploy(topology: Topology, progress: Progress): Promise<void> {
  keepWritesPrivate();
  return withLauncherLock(async () => {
    buildChaincode();
    const deployment = await deployChaincode(topology, readDeployment()?.policy ?? endorsementPolicy(topology), true);
    await startChaincodeServers(topology, deployment);
    progress(`deployed chaincode ${deployment.label} as sequence ${deployment.sequence}`);
  }, progress);
}

/** Stops every node, last started first, or with `org` only that organisation's nodes. Ledgers stay unless `clean`. */
export function down(topology: Topology, clean: boolean, progress: Progress, org?: Organisation): Promise<void> {
  if (org && clean) throw new Error(`--clean removes this host's whole network; ${org.name}'s part alone is stopped without it`);
  return withLauncherLock(() => (org ? stopOrganisation(org, progress) : stopAll(topology, clean, progress)), progress);
}

async function stopOrganisation(org: Organisation, progress: Progress): Promise<void> {
  const stopped: string[] = [];
  for (const service of organisationServices(org).reverse()) if (await service.stop()) stopped.push(service.name);
  for (const node of nodesOf(org).reverse()) if (await stop(node.name)) stopped.push(node.name);
  progress(stopped.length > 0 ? `stopped ${stopped.join(', ')}` : `nothing of ${org.name} was running`);
}

async function stopAll(topology: Topology, clean: boolean, progress: Progress): Promise<void> {
  // The services before the nodes they use, last started first (the ingest stores what it buffered before its devices go).
  const services: string[] = [];
  const ledgerServices = allServices(topology).filter((s) => s !== databaseService);
  for (const service of ledgerServices.reverse()) if (await service.stop()) services.push(service.name);
  const nodes = allNodes(topology)
    .reverse()
    .map((n) => n.name);
  const [stopped, database] = await Promise.all([
    Promise.all(nodes.map(async (name) => ((await stop(name)) ? name : undefined))),
    databaseService.stop(),
  ]);
  const names = [...services, ...stopped.filter((n): n is string => n !== undefined), ...(database ? [databaseService.name] : [])];
  progress(names.length > 0 ? `stopped ${names.join(', ')}` : 'nothing was running');
  if (clean) {
    rmSync(dataHome, { recursive: true, force: true });
    progress(`removed ${dataHome} (ledgers, identities, database, logs)`);
  }
}
