// Brings the whole consortium up on this host, in order, doing only what is missing: a warm `up`
// restarts stopped nodes on their existing ledgers; a cold one creates identities and the channel too.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  allNodes,
  dataHome,
  dataRoot,
  endorsementPolicy,
  genesisEndorsementPolicy,
  listeningPorts,
  operationsHealthy,
  type OrdererNode,
  orderers,
  type PeerNode,
  peers,
  repoRoot,
  stateFile,
  type Topology,
} from '@plasma/network';
import { accepting, assertPortFree, keepWritesPrivate, logFile, runningPid, stop, waitFor } from '@plasma/platform';
import { migrate } from '@plasma/gateway-api';
import { databaseService, ledgerServices } from './services';
import { createGenesisBlock, exchangeOrganisationCards, joinOrderers, joinPeers } from './channel';
import { buildChaincode, deployChaincode, readDeployment, startChaincodeServers } from './chaincode';
import { initialiseConsortium, waitForEndorsers } from './consortium';
import { checkNodeClocks } from './clocks';
import { withLauncherLock } from './lock';
import { enrolOrganisation, startCa, waitForCa } from './identities';
import { startOrderer, startPeer } from './nodes';

export type Progress = (message: string) => void;

export function installFabric(): void {
  execFileSync('bash', ['scripts/install-fabric.sh'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * The ledgers and identities belong to the consortium they were created for; a changed consortium
 * (organisations, nodes, channel) needs a clean start. Users and off-chain services may change freely.
 */
function checkState(topology: Topology): void {
  const { channel, chaincode } = topology;
  const organisations = topology.organisations.map(({ users: _users, ...nodes }) => nodes); // users may be added later
  const topologyHash = createHash('sha256').update(JSON.stringify({ channel, chaincode, organisations })).digest('hex');
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

async function assertPortsFree(topology: Topology): Promise<void> {
  for (const node of allNodes(topology)) {
    if (runningPid(node.name) !== undefined) continue;
    for (const port of listeningPorts(node)) await assertPortFree(node.host, port, node.name);
  }
  const { host, port } = topology.services.database;
  if (!process.env.DATABASE_URL && runningPid(databaseService.name) === undefined) await assertPortFree(host, port, 'PostgreSQL');
}

export function up(topology: Topology, progress: Progress): Promise<void> {
  keepWritesPrivate();
  return withLauncherLock(() => bringUp(topology, progress), progress);
}

async function bringUp(topology: Topology, progress: Progress): Promise<void> {
  const started = Date.now();
  const step = (message: string): void => progress(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  checkState(topology); // before anything is downloaded or started: a stale network is refused at once
  step('checking Fabric binaries');
  installFabric();
  await assertPortsFree(topology);
  // The project's PostgreSQL starts beside the nodes; the gateway's migrations then give it its schema.
  const database = process.env.DATABASE_URL ? undefined : databaseService.start({ topology, progress: step }).then(() => migrate());
  database?.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled

  step('starting certificate authorities');
  await Promise.all(topology.organisations.filter((org) => runningPid(org.ca.name) === undefined).map(startCa));
  await Promise.all(topology.organisations.map(waitForCa));
  step('enrolling identities (nodes, admins, users, TLS)');
  await Promise.all(topology.organisations.map(enrolOrganisation));

  step('exchanging organisation cards, each signed by its admin');
  exchangeOrganisationCards(topology);
  step('starting orderers');
  await createGenesisBlock(topology);
  for (const org of topology.organisations) {
    for (const orderer of org.orderers) if (runningPid(orderer.name) === undefined) startOrderer(org, orderer);
  }
  // A node's operations endpoint answers a moment before its main (or admin) listener accepts connections.
  const ordererReady = async (o: OrdererNode): Promise<boolean> => (await operationsHealthy(o)) && (await accepting(o.host, o.adminPort));
  await Promise.all(
    orderers(topology).map((o) => waitFor(`${o.name} to be healthy`, () => ordererReady(o), 60_000, `see ${logFile(o.name)}`)),
  );
  await joinOrderers(topology);

  step('starting peers');
  for (const org of topology.organisations) {
    for (const peer of org.peers) if (runningPid(peer.name) === undefined) startPeer(topology, org, peer);
  }
  const peerReady = async (p: PeerNode): Promise<boolean> => (await operationsHealthy(p)) && (await accepting(p.host, p.port));
  await Promise.all(peers(topology).map((p) => waitFor(`${p.name} to be healthy`, () => peerReady(p), 60_000, `see ${logFile(p.name)}`)));
  step('checking the clock of every CA, orderer and peer against this host');
  await checkNodeClocks(topology);
  await joinPeers(topology);

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
  if (database) {
    await database;
    step('PostgreSQL is up and migrated');
  }
  for (const service of ledgerServices) {
    step(`starting ${service.name}`);
    await service.start({ topology, progress: step });
  }
  // Last, and never fatal: a story that cannot be told is reported with its step, and the network stays up.
  const { runDemoStory } = await import('@plasma/demo');
  await runDemoStory(step, topology);
  step(`network is up: chaincode ${deployment.label}, sequence ${deployment.sequence}`);
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

/** Stops every node, last started first. Ledgers stay unless `clean`. */
export function down(topology: Topology, clean: boolean, progress: Progress): Promise<void> {
  return withLauncherLock(() => stopAll(topology, clean, progress), progress);
}

async function stopAll(topology: Topology, clean: boolean, progress: Progress): Promise<void> {
  // The services before the nodes they use, last started first (the ingest stores what it buffered before its devices go).
  const services: string[] = [];
  for (const service of [...ledgerServices].reverse()) if (await service.stop()) services.push(service.name);
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
