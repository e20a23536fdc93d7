// Lineage over the projected ledger state: a vial or lot back to every plasma bag, a bag or a donor forward
// to every vial. Each step follows a link kept by the chaincode (lot-pool, donation-pool, pool-lot,
// unit-by-lot) through the index on (object_type, first attribute), and a pool's donations through the
// donations' own pool column: no scans.
import type { Pool } from 'pg';
import { z } from 'zod';

/** Rows of thousands: checked by their column types in SQL rather than one by one. */
export interface SourceDonation {
  readonly pool_din: string;
  readonly din: string;
  readonly station: string;
  readonly status: string;
  /** ISO 8601, as PostgreSQL formats it (JSON text, so no Date per row). */
  readonly collection_end: string;
  readonly volume_ml: number;
}
const affectedRow = z.object({
  din: z.string(),
  pool_din: z.string().nullable(),
  lot_id: z.string().nullable(),
  unit_code: z.string().nullable(),
});

export type AffectedPath = z.infer<typeof affectedRow>;

/** Donations of the given pools, with what the inspector needs to know of each. */
const DONATIONS_OF_POOLS = `
  SELECT d.pool_din, d.din, d.station, d.status, to_json(d.collection_end)#>>'{}' AS collection_end, d.volume_ml
    FROM donations d
   WHERE d.pool_din = ANY($1::text[])
   ORDER BY d.pool_din, d.din`;

/** From donations forward: each path donation → pool → lot → unit (nulls where the path stops). */
const FORWARD_FROM_DONATIONS = `
  SELECT d.din, dp.attributes[2] AS pool_din, pl.attributes[2] AS lot_id, ul.attributes[2] AS unit_code
    FROM unnest($1::text[]) AS d(din)
    LEFT JOIN ledger_state dp ON dp.object_type = 'donation-pool' AND dp.attributes[1] = d.din
    LEFT JOIN ledger_state pl ON pl.object_type = 'pool-lot' AND pl.attributes[1] = dp.attributes[2]
    LEFT JOIN ledger_state ul ON ul.object_type = 'unit-by-lot' AND ul.attributes[1] = pl.attributes[2]
   ORDER BY d.din, pool_din, lot_id, unit_code`;

export function lineageRepository(pool: Pool) {
  const poolsOfLot = async (lotId: string): Promise<string[]> => {
    const { rows } = await pool.query<{ pool_din: string }>(
      "SELECT attributes[2] AS pool_din FROM ledger_state WHERE object_type = 'lot-pool' AND attributes[1] = $1 ORDER BY 1",
      [lotId],
    );
    return rows.map((r) => r.pool_din);
  };
  return {
    /** The lot a unit (vial) belongs to, or undefined when no such unit was commissioned. */
    async lotOfUnit(code: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ lot_id: string }>(
        "SELECT value->>'lotId' AS lot_id FROM ledger_state WHERE object_type = 'unit' AND attributes[1] = $1",
        [code],
      );
      return rows[0]?.lot_id;
    },

    poolsOfLot,

    async donationsOfPools(poolDins: readonly string[]): Promise<SourceDonation[]> {
      return (await pool.query<SourceDonation>(DONATIONS_OF_POOLS, [poolDins])).rows;
    },

    async donationsOfDonor(pseudonym: string): Promise<string[]> {
      const { rows } = await pool.query<{ din: string }>('SELECT din FROM donations WHERE donor_pseudonym = $1 ORDER BY collection_end', [
        pseudonym,
      ]);
      return rows.map((r) => r.din);
    },

    async forwardFrom(dins: readonly string[]): Promise<AffectedPath[]> {
      const { rows } = await pool.query(FORWARD_FROM_DONATIONS, [dins]);
      return rows.map((r) => affectedRow.parse(r));
    },

    /**
     * Any object the chaincode keeps, by type and key, as last written. A singleton, kept under a key with no
     * attributes (the consortium registry), goes by its type's name, as the chaincode's events name it.
     */
    async object(type: string, id: string): Promise<unknown> {
      const { rows } = await pool.query<{ value: unknown }>(
        `SELECT value FROM ledger_state WHERE object_type = $1 AND (attributes = ARRAY[$2] OR ($2 = $1 AND attributes = '{}'))`,
        [type, id],
      );
      return rows[0]?.value;
    },
  };
}

export type LineageRepository = ReturnType<typeof lineageRepository>;
