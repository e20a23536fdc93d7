// Follows the channel's blocks from the checkpoint in PostgreSQL and writes each one; after a lost
// connection or a crash it starts again from the checkpoint, so nothing is skipped or written twice.
import type { CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import type { Pool } from 'pg';
import { parseBlock } from './block';
import { nextBlock, writeBlock } from './store';

export interface IndexerOptions {
  readonly pool: Pool;
  readonly network: Network;
  readonly log?: (message: string) => void;
  /** Called after each block is written (for notifications and tests). */
  readonly onBlock?: (number: bigint, transactions: number) => void;
}

const retryDelaysMs = [500, 1000, 2000, 5000];

export async function runIndexer(options: IndexerOptions, signal: AbortSignal): Promise<void> {
  const { pool, network, log = () => undefined } = options;
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
      for await (const block of blocks) {
        const parsed = parseBlock(block);
        if (await writeBlock(pool, channel, parsed)) options.onBlock?.(parsed.number, parsed.transactions.length);
        failures = 0;
      }
    } catch (error) {
      if (signal.aborted) break;
      const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)]!;
      failures += 1;
      log(`indexing from block ${start ?? 'checkpoint'} interrupted (${(error as Error).message}); resuming from the checkpoint in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    } finally {
      signal.removeEventListener('abort', stop);
      blocks?.close();
    }
  }
}

/** The channel's height (the number of blocks) as the peer sees it. */
export async function ledgerHeight(network: Network): Promise<bigint> {
  const info = await network.getContract('qscc').evaluateTransaction('GetChainInfo', network.getName());
  return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}
