// Donation rows from the donation records the chaincode writes, with the columns look-back searches by.
import { z } from 'zod';
import type { WriteProjector } from '.';

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

export const projectDonation: WriteProjector = async (client, write, txId) => {
  if (write.value === null) {
    await client.query('DELETE FROM donations WHERE din = $1', [write.attributes[0]]);
    return;
  }
  const record = donationRecord.passthrough().parse(write.value);
  await client.query(
    `INSERT INTO donations (din, station, facility, product_code, donor_pseudonym, volume_ml, collection_start, collection_end,
                            status, operator, recorded_at, updated_tx_id, record, pool_din)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (din) DO UPDATE SET status = EXCLUDED.status, updated_tx_id = EXCLUDED.updated_tx_id, record = EXCLUDED.record,
                                     pool_din = EXCLUDED.pool_din`,
    [
      record.din, record.station, record.facility, record.productCode, record.donorPseudonym, record.volumeMl,
      record.collectionStart, record.collectionEnd, record.status, record.operator, record.recordedAt, txId,
      JSON.stringify(record), record.poolDin ?? null,
    ],
  );
};
