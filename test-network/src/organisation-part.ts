// One organisation's part of the consortium on this host, in the phases between which the consortium's own steps come
// (cards exchanged, the channel's genesis, the chaincode's definition). `npm run up` runs each phase for every
// organisation at once; `npm run up -- --org <Name>` runs them for one organisation. Each phase starts only what is
// not running and acts as the organisation's own admin, on its own nodes only.
import { accepting, logFile, runningPid, waitFor } from '@plasma/platform';
import { nodesOf, operationsHealthy, type OrdererNode, type Organisation, type PeerNode, type Topology } from '@plasma/network';
import { joinOrderers, joinPeers } from './channel';
import { checkNodeClocks } from './clocks';
import { enrolOrganisation, startCa, waitForCa } from './identities';
import { startOrderer, startPeer } from './nodes';

/** Its CA, and every identity of it enrolled (with its client TLS certificates). */
export async function startIdentities(org: Organisation): Promise<void> {
  if (runningPid(org.ca.name) === undefined) await startCa(org);
  await waitForCa(org);
  await enrolOrganisation(org);
}

// A node's operations endpoint answers a moment before its main (or admin) listener accepts connections.
const ordererReady = async (o: OrdererNode): Promise<boolean> => (await operationsHealthy(o)) && (await accepting(o.host, o.adminPort));
const peerReady = async (p: PeerNode): Promise<boolean> => (await operationsHealthy(p)) && (await accepting(p.host, p.port));

/** Its orderers, then its peers, each started and joined to the channel (from its genesis block), clocks checked. */
export async function startNodes(topology: Topology, org: Organisation): Promise<void> {
  for (const orderer of org.orderers) if (runningPid(orderer.name) === undefined) startOrderer(org, orderer);
  await Promise.all(org.orderers.map((o) => waitFor(`${o.name} to be healthy`, () => ordererReady(o), 60_000, `see ${logFile(o.name)}`)));
  await joinOrderers(topology, org);
  for (const peer of org.peers) if (runningPid(peer.name) === undefined) startPeer(topology, org, peer);
  await Promise.all(org.peers.map((p) => waitFor(`${p.name} to be healthy`, () => peerReady(p), 60_000, `see ${logFile(p.name)}`)));
  await checkNodeClocks(nodesOf(org));
  await joinPeers(topology, org);
}
