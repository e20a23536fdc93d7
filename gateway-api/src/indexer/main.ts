// The indexer process: `tsx gateway-api/src/indexer/main.ts`. Reads blocks as the gateway's service
// identity (a channel member with no chaincode role) and writes the PostgreSQL projection.
import { readFileSync } from 'node:fs';
import { address, loadTopology, organisation, orgCaCert, signingFiles, userIdentityDir } from '@plasma/network';
import { connectAs, peerConnection } from '../fabric/connection';
import { createPool } from '../db';
import { runIndexer } from './indexer';
import { serviceIdentity } from '../service-identity';

async function main(): Promise<void> {
  const topology = loadTopology();
  const { org: orgName, user } = serviceIdentity(topology);
  const org = organisation(topology, orgName);
  const peer = org.peers[0]!;
  const files = signingFiles(userIdentityDir(org.name, user));
  const client = peerConnection({ address: address(peer), tlsRootCert: readFileSync(orgCaCert(org.name)) });
  const gateway = connectAs(client, { mspId: org.mspId, certificate: readFileSync(files.cert), privateKey: readFileSync(files.key) });
  const pool = createPool();
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort());

  console.log(`indexer: following channel ${topology.channel} through ${peer.name} as ${user}@${org.name}`);
  await runIndexer({
    pool,
    network: gateway.getNetwork(topology.channel),
    log: (m) => console.log(`indexer: ${m}`),
    onBlock: (n, txs) => console.log(`indexer: block ${n} (${txs} transactions)`),
  }, controller.signal);
  gateway.close();
  client.close();
  await pool.end();
}

main().catch((error: Error) => {
  console.error(`indexer: ${error.stack ?? error.message}`);
  process.exit(1);
});
