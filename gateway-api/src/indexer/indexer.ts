// Follows the channel's blocks from the checkpoint in PostgreSQL and writes each one; after a lost
// connection or a crash it starts again from the checkpoint, so nothing is skipped or written twice.
// A break in the hash chain is the one thing it does not ride out: it records why and stops.
import type { CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import type { Pool } from 'pg';
import { errorMessage } from '@plasma/platform';
import { parseBlock } from './block';
import { ChainIntegrityError } from './chain';
import { nextBlock, recordHalt, writeBlocks } from './store';

export interface IndexerOptions {
  readonly pool: Pool;
  readonly network: Network;
  /** The chaincode whose writes and events are projected (network/topology.yaml's `chaincode.name`). */
  readonly namespace: string;
  readonly log?: (message: string) => void;
  /** Called after each block is written (for notifications and tests). */
  readonly onBlock?: (number: bigint, transactions: number) => void;
}

const retryDelaysMs = [500, 1000, 2000, 5000];
const MAX_BLOCKS_PER_WRITE = 200;

/**
 * Runs until `signal` aborts. Rejects with a ChainIntegrityError, after logging it and recording it in the
 * checkpoint row, when the peer delivers a block that breaks the hash chain: retrying would only index it.
 */
export async function runIndexer(options: IndexerOptions, signal: AbortSignal): Promise<void> {
  const { pool, network, namespace, log = () => undefined } = options;
  const channel = network.getName();
  let failures = 0;
  while (!signal.aborted) {
    // Everything that can fail, the database included, is inside the retry: the checkpoint decides where
    // to resume, so a failed attempt costs time, never a block.
    let start: bigint | undefined;
    let blocks: CloseableAsyncIterable<common.Block> | undefined;
    const stop = (): void => blocks?.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
      start = await nextBlock(pool, channel);
      blocks = await network.getBlockEvents({ startBlock: start });
      for await (const batch of inBatches(blocks, MAX_BLOCKS_PER_WRITE)) {
        const written = await writeBlocks(
          pool,
          channel,
          batch.map((block) => parseBlock(block, { namespace })),
        );
        for (const block of written) options.onBlock?.(block.number, block.transactions.length);
        failures = 0;
      }
    } catch (error) {
      if (error instanceof ChainIntegrityError) {
        log(`STOPPED at block ${error.blockNumber}: ${error.message}`);
        await recordHalt(pool, channel, error.message).catch((recording: unknown) =>
          log(`could not record the stop in indexer_checkpoint either (${errorMessage(recording)})`),
        );
        throw error;
      }
      // The compiler narrowed `aborted` to false at the loop's test; the awaits since may have aborted it.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (signal.aborted) break;
      const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)]!;
      failures += 1;
      log(
        `indexing from block ${start ?? 'checkpoint'} interrupted (${(error as Error).message}); resuming from the checkpoint in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    } finally {
      signal.removeEventListener('abort', stop);
      blocks?.close();
    }
  }
}

/**
 * The blocks in runs: each run is every block the peer has already delivered (up to `max`), so that a live
 * indexer writes each block as it comes and a catching-up one writes many per database transaction.
 */
export async function* inBatches<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  const waiting = Symbol('waiting');
  for (;;) {
    const first = await (pending ?? iterator.next());
    pending = undefined;
    if (first.done) return;
    const batch = [first.value];
    while (batch.length < max) {
      pending = iterator.next();
      // Whatever is already delivered settles within a turn of the event loop; a block still on its way does not.
      const next = await Promise.race([pending, new Promise<typeof waiting>((resolve) => setImmediate(() => resolve(waiting)))]);
      if (next === waiting) break;
      pending = undefined;
      if (next.done) {
        yield batch;
        return;
      }
      batch.push(next.value);
    }
    yield batch;
  }
}

/** The channel's height (the number of blocks) as the peer sees it. */
export async function ledgerHeight(network: Network): Promise<bigint> {
  const info = await network.getContract('qscc').evaluateTransaction('GetChainInfo', network.getName());
  return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}
