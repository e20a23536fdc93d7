// Projection of the ledger's state into PostgreSQL, from the valid transactions' write sets: every object
// into ledger_state, and some kinds besides into tables shaped for their queries (donations by donor).
import type { PoolClient } from 'pg';
import { projectDonations } from './donations';
import type { ProjectedWrite, WriteProjector } from './write-projector';

export type { ProjectedWrite, WriteProjector };

const projectors: Readonly<Record<string, WriteProjector>> = {
  donation: projectDonations,
};

/**
 * Writes of many transactions, in ledger order. Only each key's last write is the state after them, so only
 * that one is projected: one statement per table whatever the number of keys (a chunk of a 10,000-donation
 * pool writes over a thousand, an indexer catching up thousands more).
 */
export async function projectWrites(client: PoolClient, writes: readonly ProjectedWrite[]): Promise<void> {
  const last = new Map<string, ProjectedWrite>();
  for (const projected of writes) {
    const { objectType, attributes } = projected.write;
    const key = JSON.stringify([objectType, attributes]);
    last.delete(key); // re-inserted below, so the map keeps ledger order of the last writes
    last.set(key, projected);
  }
  const finals = [...last.values()];
  const kept = finals.filter((p) => p.write.value !== null);
  if (kept.length > 0) {
    await client.query(
      `INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id)
       SELECT w.type, ARRAY(SELECT jsonb_array_elements_text(w.attributes)), w.value, w.tx_id
         FROM unnest($1::text[], $2::jsonb[], $3::jsonb[], $4::text[]) AS w(type, attributes, value, tx_id)
       ON CONFLICT (object_type, attributes) DO UPDATE SET value = EXCLUDED.value, updated_tx_id = EXCLUDED.updated_tx_id`,
      [
        kept.map((p) => p.write.objectType),
        kept.map((p) => JSON.stringify(p.write.attributes)),
        kept.map((p) => JSON.stringify(p.write.value)),
        kept.map((p) => p.txId),
      ],
    );
  }
  const deleted = finals.filter((p) => p.write.value === null);
  if (deleted.length > 0) {
    await client.query(
      `DELETE FROM ledger_state s USING unnest($1::text[], $2::jsonb[]) AS d(type, attributes)
        WHERE s.object_type = d.type AND s.attributes = ARRAY(SELECT jsonb_array_elements_text(d.attributes))`,
      [deleted.map((p) => p.write.objectType), deleted.map((p) => JSON.stringify(p.write.attributes))],
    );
  }
  for (const [objectType, project] of Object.entries(projectors)) {
    const ofType = finals.filter((p) => p.write.objectType === objectType);
    if (ofType.length > 0) await project(client, ofType);
  }
}
