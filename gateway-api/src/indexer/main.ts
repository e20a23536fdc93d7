// An organisation's indexer process: `PLASMA_ORGANISATION=Factory tsx gateway-api/src/indexer/main.ts`. Reads blocks
// through its own peer as its service identity (a channel member with no chaincode role) and writes its projection.
import { loadTopology } from '@plasma/network';
import { createPool, errorStack, organisationOfProcess, serviceDatabaseUrl } from '@plasma/platform';
import { ChainIntegrityError } from './chain';
import { runIndexer } from './indexer';
import { openServiceChannel } from '../service-identity';

async function main(): Promise<void> {
  const topology = loadTopology();
  const org = organisationOfProcess();
  const channel = openServiceChannel(topology, org);
  const pool = createPool(serviceDatabaseUrl('indexer', org));
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort());

  console.log(`indexer: following channel ${topology.channel} as ${channel.description}`);
  try {
    await runIndexer(
      {
        pool,
        network: channel.network,
        namespace: topology.chaincode.name,
        log: (m) => console.log(`indexer: ${m}`),
        onBlock: (n, txs) => console.log(`indexer: block ${n} (${txs} transactions)`),
      },
      controller.signal,
    );
  } finally {
    channel.close();
    await pool.end();
  }
}

/** Exit code of a stop on a broken hash chain, apart from a crash's 1: restarting will not help. */
const CHAIN_BROKEN_EXIT_CODE = 3;

main().catch((error: unknown) => {
  if (error instanceof ChainIntegrityError) {
    // The process ends, so `npm run status` shows the indexer not running; the reason is also in indexer_checkpoint.
    console.error(`indexer: STOPPED, the hash chain breaks at block ${error.blockNumber}: ${error.message}`);
    process.exit(CHAIN_BROKEN_EXIT_CODE);
  }
  console.error(`indexer: ${errorStack(error)}`);
  process.exit(1);
});
