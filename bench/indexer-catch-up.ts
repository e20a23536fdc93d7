// Indexer catch-up: a fresh database beside the organisations', and the regulator's indexer run from block 0 until it
// has the whole channel. Measures what a restore or a new read replica costs (target ≥ 1,000 transactions/s).
import { createPool, errorMessage } from '@plasma/platform';
import { ledgerHeight, openServiceChannel, runIndexer } from '@plasma/gateway-api';
import { loadTopology } from '@plasma/network';
import { freshDatabase } from '@plasma/testkit/gateway';

const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 15 * 60_000);

async function main(): Promise<void> {
  const topology = loadTopology();
  const channel = openServiceChannel(topology, 'Regulator');
  const height = await ledgerHeight(channel.network);
  const database = await freshDatabase();
  const pool = createPool(database.url);
  const controller = new AbortController();
  let transactions = 0;
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  let caughtUp!: () => void;
  const done = new Promise<void>((resolve) => {
    caughtUp = resolve;
  });
  const indexer = runIndexer(
    {
      pool,
      network: channel.network,
      namespace: topology.chaincode.name,
      log: (message) => console.log(`  indexer: ${message}`),
      onBlock: (number, txs) => {
        transactions += txs;
        if (number + 1n >= height) caughtUp();
      },
    },
    controller.signal,
  );
  try {
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not caught up within ${DEADLINE_MS} ms`)), DEADLINE_MS);
      }),
    ]);
    const seconds = (performance.now() - started) / 1000;
    console.log(`indexer catch-up: ${height} blocks, ${transactions} transactions in ${seconds.toFixed(1)} s`);
    console.log(
      `  ${(transactions / seconds).toFixed(0)} transactions/s, ${(Number(height) / seconds).toFixed(0)} blocks/s (target ≥ 1,000 transactions/s)`,
    );
  } finally {
    clearTimeout(timer);
    controller.abort();
    await indexer;
    channel.close();
    await pool.end();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
