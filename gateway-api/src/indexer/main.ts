// The indexer process: `tsx gateway-api/src/indexer/main.ts`. Reads blocks as the gateway's service
// identity (a channel member with no chaincode role) and writes the PostgreSQL projection.
import { loadTopology } from '@plasma/network';
import { createPool } from '../db';
import { runIndexer } from './indexer';
import { openServiceChannel } from '../service-identity';

async function main(): Promise<void> {
  const topology = loadTopology();
  const channel = openServiceChannel(topology);
  const pool = createPool();
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort());

  console.log(`indexer: following channel ${topology.channel} as ${channel.description}`);
  await runIndexer({
    pool,
    network: channel.network,
    log: (m) => console.log(`indexer: ${m}`),
    onBlock: (n, txs) => console.log(`indexer: block ${n} (${txs} transactions)`),
  }, controller.signal);
  channel.close();
  await pool.end();
}

main().catch((error: Error) => {
  console.error(`indexer: ${error.stack ?? error.message}`);
  process.exit(1);
});
