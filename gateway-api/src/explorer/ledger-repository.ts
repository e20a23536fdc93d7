// SQL over the indexer's projection: blocks, transactions, events and the objects they changed.
import type { Pool } from 'pg';
import { z } from 'zod';
import { DEFAULT_JURISDICTION, EVENT_RECORDS } from '@plasma/chaincode';
import type { Reader } from '../people/read-scope';

const blockRow = z.object({
  number: z.coerce.number(),
  data_hash: z.string(),
  previous_hash: z.string(),
  tx_count: z.number(),
  indexed_at: z.date(),
});
const transactionRow = z.object({
  tx_id: z.string(),
  block_number: z.coerce.number(),
  tx_index: z.number(),
  validation_code: z.string(),
  is_valid: z.boolean(),
  creator_msp: z.string(),
  creator_name: z.string(),
  creator_certificate_sha256: z.string().nullable(),
  endorsers: z.array(z.string()),
  chaincode: z.string().nullable(),
  function_name: z.string().nullable(),
  created_at: z.date(),
  event_name: z.string().nullable(),
  event_payload: z.unknown().nullable(),
});
const auditRow = z.object({
  object_type: z.string(),
  object_id: z.string(),
  tx_id: z.string(),
  // bigint: node-postgres hands it over as text.
  block_number: z.coerce.number(),
  name: z.string(),
  payload: z.record(z.string(), z.unknown()),
  emitted_at: z.date(),
  is_main: z.boolean(),
  creator_msp: z.string(),
  creator_name: z.string(),
  function_name: z.string().nullable(),
  creator_printed_name: z.string().nullable(),
  /** The object's record this transaction wrote (the indexer keeps it from the write set); null where it wrote none. */
  record: z.record(z.string(), z.unknown()).nullable(),
  /** The object's record before this one, wherever it is on the ledger; null for its first. */
  previous_record: z.record(z.string(), z.unknown()).nullable(),
});
const objectTrailRow = z.object({
  tx_id: z.string(),
  name: z.string(),
  emitted_at: z.date(),
  record: z.record(z.string(), z.unknown()).nullable(),
  carried: z.record(z.string(), z.unknown()).nullable(),
  creator_msp: z.string(),
  creator_name: z.string(),
});

export type BlockRow = z.infer<typeof blockRow>;
export type TransactionRow = z.infer<typeof transactionRow>;
export type AuditRow = z.infer<typeof auditRow>;
export type ObjectTrailRow = z.infer<typeof objectTrailRow>;

const transactionColumns = `t.tx_id, t.block_number, t.tx_index, t.validation_code, t.is_valid, t.creator_msp, t.creator_name,
  t.creator_certificate_sha256, t.endorsers, t.chaincode, t.function_name, t.created_at, e.name AS event_name, e.payload AS event_payload`;

export interface AuditQuery {
  readonly objectType?: string;
  readonly objectId?: string;
  /** The event's name, e.g. DonationScreened. */
  readonly event?: string;
  /** The common name of the submitter's certificate. */
  readonly who?: string;
  /** The submitter's MSP ID. */
  readonly organisation?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  /** Who reads: the trail holds only the objects they may read. */
  readonly reader: Reader;
}

export function ledgerRepository(pool: Pool, channel: string) {
  return {
    async block(number: number): Promise<BlockRow | undefined> {
      const { rows } = await pool.query('SELECT * FROM blocks WHERE channel = $1 AND number = $2', [channel, number]);
      return rows[0] === undefined ? undefined : blockRow.parse(rows[0]);
    },

    async latestBlocks(limit: number): Promise<BlockRow[]> {
      const { rows } = await pool.query('SELECT * FROM blocks WHERE channel = $1 ORDER BY number DESC LIMIT $2', [channel, limit]);
      return rows.map((r) => blockRow.parse(r));
    },

    async transactionsOfBlock(number: number): Promise<TransactionRow[]> {
      const { rows } = await pool.query(
        `SELECT ${transactionColumns} FROM transactions t LEFT JOIN ledger_events e ON e.tx_id = t.tx_id
          WHERE t.channel = $1 AND t.block_number = $2 ORDER BY t.tx_index`,
        [channel, number],
      );
      return rows.map((r) => transactionRow.parse(r));
    },

    async transaction(txId: string): Promise<TransactionRow | undefined> {
      const { rows } = await pool.query(
        `SELECT ${transactionColumns} FROM transactions t LEFT JOIN ledger_events e ON e.tx_id = t.tx_id WHERE t.tx_id = $1`,
        [txId],
      );
      return rows[0] === undefined ? undefined : transactionRow.parse(rows[0]);
    },

    /**
     * The changes of ledger objects that match the query, in the ledger's order (block, then place in the block), each
     * of an object's own record with the record it replaced: the object's last record before it on the ledger, whether
     * or not that one matches the query (a time window, an event, a person).
     */
    async auditTrail(query: AuditQuery): Promise<AuditRow[]> {
      const { rows } = await pool.query(
        `SELECT o.object_type, o.object_id, e.tx_id, t.block_number, e.name, e.payload, e.emitted_at, o.is_main, t.creator_msp,
                t.creator_name, t.creator_printed_name, t.function_name, o.record, previous.record AS previous_record
           FROM event_objects o
           JOIN ledger_events e ON e.tx_id = o.tx_id
           JOIN transactions t ON t.tx_id = o.tx_id
           LEFT JOIN LATERAL (
             SELECT po.record FROM event_objects po
               JOIN transactions pt ON pt.tx_id = po.tx_id
              WHERE po.object_type = o.object_type AND po.object_id = o.object_id AND po.record IS NOT NULL
                AND (pt.block_number, pt.tx_index) < (t.block_number, t.tx_index)
              ORDER BY pt.block_number DESC, pt.tx_index DESC
              LIMIT 1
           ) previous ON true
          WHERE ($1::text IS NULL OR o.object_type = $1) AND ($2::text IS NULL OR o.object_id = $2)
            AND ($3::timestamptz IS NULL OR e.emitted_at >= $3) AND ($4::timestamptz IS NULL OR e.emitted_at < $4)
            AND ($5::text IS NULL OR e.name = $5) AND ($6::text IS NULL OR t.creator_name = $6)
            AND ($7::text IS NULL OR t.creator_msp = $7)
            AND object_readable(o.object_type, o.object_id, $9, $10)
          ORDER BY t.block_number, t.tx_index, o.object_type, o.object_id
          LIMIT $8`,
        [
          query.objectType ?? null,
          query.objectId ?? null,
          query.from ?? null,
          query.to ?? null,
          query.event ?? null,
          query.who ?? null,
          query.organisation ?? null,
          query.limit,
          query.reader.reader,
          query.reader.mspId,
        ],
      );
      return rows.map((r) => auditRow.parse(r));
    },

    /**
     * Every trail row of one object, in the ledger's order, with the record its transaction wrote, the record its event
     * carries where that is the object's (EVENT_RECORDS), and its submitter: what verification proves.
     */
    async objectTrail(objectType: string, objectId: string): Promise<ObjectTrailRow[]> {
      const { rows } = await pool.query(
        `SELECT o.tx_id, e.name, e.emitted_at, o.record,
                CASE WHEN o.is_main AND $3::jsonb ->> e.name = o.object_type THEN e.payload -> 'data' END AS carried,
                t.creator_msp, t.creator_name
           FROM event_objects o
           JOIN ledger_events e ON e.tx_id = o.tx_id
           JOIN transactions t ON t.tx_id = o.tx_id
          WHERE o.object_type = $1 AND o.object_id = $2
          ORDER BY t.block_number, t.tx_index`,
        [objectType, objectId, JSON.stringify(EVENT_RECORDS)],
      );
      return rows.map((r) => objectTrailRow.parse(r));
    },

    /** How far the indexer has come: the next block it will write. */
    async indexedHeight(): Promise<number> {
      // bigint: node-postgres hands it over as text.
      const { rows } = await pool.query<{ next_block: string }>('SELECT next_block FROM indexer_checkpoint WHERE channel = $1', [channel]);
      return Number(rows[0]?.next_block ?? 0);
    },

    /**
     * The governed clock tolerance of the default jurisdiction's rule set, as the projection holds it; undefined before
     * the rule sets are on the ledger (the caller then takes the default).
     */
    async clockToleranceMinutes(): Promise<number | undefined> {
      const { rows } = await pool.query<{ minutes: number | null }>(
        `SELECT (value->>'clockToleranceMinutes')::int AS minutes FROM ledger_state WHERE object_type = 'rule-set' AND attributes = ARRAY[$1]`,
        [DEFAULT_JURISDICTION],
      );
      return rows[0]?.minutes ?? undefined;
    },

    /** Why the indexer stopped on a broken hash chain, or null while it indexes. */
    async indexerHalt(): Promise<string | null> {
      const { rows } = await pool.query<{ halted_reason: string | null }>(
        'SELECT halted_reason FROM indexer_checkpoint WHERE channel = $1',
        [channel],
      );
      return rows[0]?.halted_reason ?? null;
    },

    /** Valid transactions per second over the last `seconds`, by their creation time. */
    async throughput(seconds: number): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM transactions WHERE channel = $1 AND is_valid AND created_at > now() - make_interval(secs => $2)`,
        [channel, seconds],
      );
      return (rows[0]?.n ?? 0) / seconds;
    },
  };
}

export type LedgerRepository = ReturnType<typeof ledgerRepository>;
