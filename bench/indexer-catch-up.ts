// Indexer catch-up: a fresh database beside the project's, and the indexer run from block 0 until it has
// the whole channel. Measures what a restore or a new read replica costs (target ≥ 1,000 transactions/s).
import { createPool, ledgerHeight, openServiceChannel, runIndexer } from '@plasma/gateway-api';
import { loadTopology } from '@plasma/network';
import { freshDatabase } from '../gateway-api/test/fixtures';

async function main(): Promise<void> {
  const topology = loadTopology();
  const channel = openServiceChannel(topology);
  const height = await ledgerHeight(channel.network);
  const database = await freshDatabase();
  const pool = createPool(database.url);
  const controller = new AbortController();
  let transactions = 0;
  const caughtUp = new Promise<void>((resolve) => {
    const started = performance.now();
    void runIndexer({
      pool,
      network: channel.network,
      onBlock: (number, txs) => {
        transactions += txs;
        if (number + 1n < height) return;
        const seconds = (performance.now() - started) / 1000;
        console.log(`indexer catch-up: ${height} blocks, ${transactions} transactions in ${seconds.toFixed(1)} s`);
        console.log(`  ${(transactions / seconds).toFixed(0)} transactions/s, ${(Number(height) / seconds).toFixed(0)} blocks/s (target ≥ 1,000 transactions/s)`);
        resolve();
      },
    }, controller.signal);
  });
  try {
    await caughtUp;
  } finally {
    controller.abort();
    channel.close();
    await pool.end();
    await database.drop();
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
