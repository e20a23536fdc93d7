// SQL for EPCIS exports, over the indexer's projection: the objects of a lineage, found through the links the
// chaincode keeps (lot → pools, pool → lots, lot → cases, subject → test results, donations by pool), and the
// chaincode events that changed them (event_objects), in ledger order. Rows are parsed here, at the boundary.
import type { Pool } from 'pg';
import { z } from 'zod';
import { OBJECT_TYPES, type Product } from '@plasma/chaincode';
import { MAPPED_EVENT_NAMES } from './epcis-document';
import { ledgerEventOf, type LedgerEvent } from './ledger-events';

export interface ObjectKey {
  readonly type: string;
  readonly id: string;
}

const lotRow = z.object({
  lotId: z.string(),
  pools: z.array(z.string()),
  product: z.object({ name: z.string(), gtin: z.string().optional(), cnProductCode: z.string().optional(), expiry: z.string() }),
});
export type LotOfLineage = z.infer<typeof lotRow>;

const donationRow = z.object({ din: z.string(), pool_din: z.string().nullable(), shipment_id: z.string().nullable() });
export type DonationOfLineage = z.infer<typeof donationRow>;

const eventRow = z.object({
  tx_id: z.string(),
  name: z.string(),
  block_number: z.coerce.number().int(),
  creator_msp: z.string(),
  payload: z.object({
    timestamp: z.string(),
    data: z.unknown(),
    objects: z.array(z.object({ type: z.enum(OBJECT_TYPES), id: z.string() })).default([]),
  }),
});

/** The chaincode events (of the kinds an export maps) that changed any of the objects, once each, in ledger order. */
const EVENTS_OF_OBJECTS = `
  SELECT e.tx_id, e.name, e.payload, t.block_number, t.creator_msp
    FROM ledger_events e
    JOIN transactions t ON t.tx_id = e.tx_id
   WHERE e.name = ANY($3::text[])
     AND e.tx_id IN (SELECT o.tx_id
                       FROM unnest($1::text[], $2::text[]) AS k(type, id)
                       JOIN event_objects o ON o.object_type = k.type AND o.object_id = k.id)
   ORDER BY t.block_number, t.tx_index`;

export function epcisRepository(pool: Pool) {
  /** Second attributes of a link kind, by first attribute (e.g. pool-lot: pool → its lots). */
  const linked = async (linkType: string, from: readonly string[]): Promise<string[]> => {
    const { rows } = await pool.query<{ id: string }>(
      'SELECT DISTINCT attributes[2] AS id FROM ledger_state WHERE object_type = $1 AND attributes[1] = ANY($2::text[]) ORDER BY 1',
      [linkType, from],
    );
    return rows.map((r) => r.id);
  };

  return {
    async lot(lotId: string): Promise<LotOfLineage | undefined> {
      const { rows } = await pool.query<{ value: unknown }>(
        "SELECT value FROM ledger_state WHERE object_type = 'lot' AND attributes = ARRAY[$1]",
        [lotId],
      );
      return rows[0] === undefined ? undefined : lotRow.parse(rows[0].value);
    },

    /** The product of each lot that exists among `lotIds`. */
    async lotProducts(lotIds: readonly string[]): Promise<Map<string, Product>> {
      const { rows } = await pool.query<{ value: unknown }>(
        "SELECT value FROM ledger_state WHERE object_type = 'lot' AND attributes[1] = ANY($1::text[])",
        [lotIds],
      );
      return new Map(
        rows.map((row) => {
          const { lotId, product } = lotRow.parse(row.value);
          return [lotId, product];
        }),
      );
    },

    async donation(din: string): Promise<DonationOfLineage | undefined> {
      const { rows } = await pool.query("SELECT din, pool_din, record->>'shipmentId' AS shipment_id FROM donations WHERE din = $1", [din]);
      return rows[0] === undefined ? undefined : donationRow.parse(rows[0]);
    },

    async donationsOfPools(poolDins: readonly string[]): Promise<DonationOfLineage[]> {
      const { rows } = await pool.query(
        "SELECT din, pool_din, record->>'shipmentId' AS shipment_id FROM donations WHERE pool_din = ANY($1::text[]) ORDER BY din",
        [poolDins],
      );
      return rows.map((row) => donationRow.parse(row));
    },

    lotsOfPools: (poolDins: readonly string[]): Promise<string[]> => linked('pool-lot', poolDins),
    casesOfLots: (lotIds: readonly string[]): Promise<string[]> => linked('case-by-lot', lotIds),

    /** Test results about any of these subjects (the chaincode's result-by-subject link: kind, id, resultId). */
    async testResultsOf(kind: 'donation' | 'pool' | 'lot', ids: readonly string[]): Promise<string[]> {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT attributes[3] AS id FROM ledger_state
          WHERE object_type = 'result-by-subject' AND attributes[1] = $1 AND attributes[2] = ANY($2::text[]) ORDER BY 1`,
        [kind, ids],
      );
      return rows.map((r) => r.id);
    },

    async eventsOf(objects: readonly ObjectKey[]): Promise<LedgerEvent[]> {
      const { rows } = await pool.query(EVENTS_OF_OBJECTS, [objects.map((o) => o.type), objects.map((o) => o.id), MAPPED_EVENT_NAMES]);
      return rows.map((row) => {
        const { tx_id: txId, name, block_number: blockNumber, creator_msp: creatorMsp, payload } = eventRow.parse(row);
        return ledgerEventOf(name, payload.data, { txId, blockNumber, timestamp: payload.timestamp, creatorMsp, objects: payload.objects });
      });
    },
  };
}

export type EpcisRepository = ReturnType<typeof epcisRepository>;
