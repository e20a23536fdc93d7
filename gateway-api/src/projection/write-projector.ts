// What a projector of one object type takes: each key's final write of a run of transactions.
import type { PoolClient } from 'pg';
import type { StateWrite } from '../indexer/block';

/** A key's new state and the transaction that wrote it. */
export interface ProjectedWrite {
  readonly write: StateWrite;
  readonly txId: string;
}

/** Projects the final state of each key of one object type (null value: deleted). */
export type WriteProjector = (client: PoolClient, writes: readonly ProjectedWrite[]) => Promise<void>;
