// Donation rows from the donation records the chaincode writes, with the columns look-back searches by.
import { z } from 'zod';
import type { WriteProjector } from './write-projector';

/** The fields the table keeps; the whole record is stored beside them. */
const donationRecord = z.object({
  din: z.string(),
  station: z.string(),
  facility: z.string(),
  productCode: z.string(),
  donorPseudonym: z.string(),
  volumeMl: z.number().int(),
  collectionStart: z.string(),
  collectionEnd: z.string(),
  status: z.string(),
  operator: z.string(),
  recordedAt: z.string(),
  poolDin: z.string().optional(),
});

// Every column that a later transaction may change follows it: the status, the pool, and the volume (a collection item
// corrected under Donation:ReviewCorrection); the others are fixed at collection.
export const projectDonations: WriteProjector = async (client, writes) => {
  const deleted = writes.filter((p) => p.write.value === null).map((p) => p.write.attributes[0]);
  if (deleted.length > 0) await client.query('DELETE FROM donations WHERE din = ANY($1)', [deleted]);
  const kept = writes
    .filter((p) => p.write.value !== null)
    .map((p) => ({ record: donationRecord.loose().parse(p.write.value), txId: p.txId }));
  if (kept.length === 0) return;
  const column = <T>(read: (k: (typeof kept)[number]) => T): T[] => kept.map(read);
  await client.query(
    `INSERT INTO donations (din, station, facility, product_code, donor_pseudonym, volume_ml, collection_start, collection_end,
                            status, operator, recorded_at, updated_tx_id, record, pool_din)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[],
                          $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::jsonb[], $14::text[])
     ON CONFLICT (din) DO UPDATE SET status = EXCLUDED.status, updated_tx_id = EXCLUDED.updated_tx_id, record = EXCLUDED.record,
                                     pool_din = EXCLUDED.pool_din, volume_ml = EXCLUDED.volume_ml`,
    [
      column((k) => k.record.din),
      column((k) => k.record.station),
      column((k) => k.record.facility),
      column((k) => k.record.productCode),
      column((k) => k.record.donorPseudonym),
      column((k) => k.record.volumeMl),
      column((k) => k.record.collectionStart),
      column((k) => k.record.collectionEnd),
      column((k) => k.record.status),
      column((k) => k.record.operator),
      column((k) => k.record.recordedAt),
      column((k) => k.txId),
      column((k) => JSON.stringify(k.record)),
      column((k) => k.record.poolDin ?? null),
    ],
  );
};
