// Projection of the ledger's state into PostgreSQL, from each valid transaction's write set: every object
// into ledger_state, and some kinds besides into tables shaped for their queries (donations by donor).
import type { PoolClient } from 'pg';
import type { StateWrite } from '../indexer/block';
import { projectDonation } from './donations';

export type WriteProjector = (client: PoolClient, write: StateWrite, txId: string) => Promise<void>;

const projectors: Readonly<Record<string, WriteProjector>> = {
  donation: projectDonation,
};

/** Writes of one transaction, in the order the transaction made them. */
export async function projectWrites(client: PoolClient, writes: readonly StateWrite[], txId: string): Promise<void> {
  if (writes.length === 0) return;
  const kept = writes.filter((w) => w.value !== null);
  const deleted = writes.filter((w) => w.value === null);
  // One statement each for the whole write set: a chunk of a 10,000-donation pool writes over a thousand keys.
  if (kept.length > 0) {
    await client.query(
      `INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id)
       SELECT w.type, ARRAY(SELECT jsonb_array_elements_text(w.attributes)), w.value, $4
         FROM unnest($1::text[], $2::jsonb[], $3::jsonb[]) AS w(type, attributes, value)
       ON CONFLICT (object_type, attributes) DO UPDATE SET value = EXCLUDED.value, updated_tx_id = EXCLUDED.updated_tx_id`,
      [kept.map((w) => w.objectType), kept.map((w) => JSON.stringify(w.attributes)), kept.map((w) => JSON.stringify(w.value)), txId],
    );
  }
  for (const w of deleted) {
    await client.query('DELETE FROM ledger_state WHERE object_type = $1 AND attributes = $2', [w.objectType, w.attributes]);
  }
  for (const write of writes) await projectors[write.objectType]?.(client, write, txId);
}
