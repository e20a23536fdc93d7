// SQL over the projected ledger state for a lot's release dossier and its distribution: lots, test results by
// subject, batch record steps, deviations, shipping cases, rule sets, and the QA release signatures that wait in
// the gateway. Each read follows a key or a link the chaincode keeps (see chaincode/src/lot, testing, units), and
// every row is parsed here, at the boundary, by the chaincode's own state-object validators, so a record means here
// exactly what it means on the ledger.
import type { Pool } from 'pg';
import { z } from 'zod';
import {
  type Deviation,
  type Lot,
  newChangeStamp,
  newDeviation,
  newLot,
  type ProcessStep,
  newRuleSet,
  newShippingCase,
  newTestResult,
  newUnit,
  type RuleSet,
  type ShippingCase,
  type SubjectKind,
  type TestResult,
  type Unit,
} from '@plasma/chaincode';

/** A state object as stored, with the transaction that last wrote it. */
export interface Stored<T> {
  readonly record: T;
  readonly updatedTxId: string;
}

const storedRow = z.object({ value: z.unknown(), updated_tx_id: z.string() });
const stored = <T>(row: unknown, parse: (value: unknown) => T): Stored<T> => {
  const { value, updated_tx_id: updatedTxId } = storedRow.parse(row);
  return { record: parse(value), updatedTxId };
};

/**
 * A step as stored, digest included: whether its digest holds is for the chain check to say, so it is not refused here
 * as the chaincode's reader (newProcessStep) would refuse it. Its type is the chaincode's all the same.
 */
const processStepRecord: z.ZodType<ProcessStep> = z.object({
  lotId: z.string(),
  seq: z.number().int(),
  step: z.string(),
  parameterDataHash: z.string(),
  equipment: z.string(),
  operator: z.string(),
  start: z.string(),
  end: z.string(),
  // Kept when present (a step checked against its product's master batch record), so the digest check covers them.
  parameters: z.record(z.string(), z.number()).optional(),
  masterRecord: z.object({ productCode: z.string(), version: z.number().int() }).optional(),
  outOfRange: z.array(z.string()).optional(),
  previousDigest: z.string(),
  digest: z.string(),
  lastChange: z.unknown().transform((stamp) => newChangeStamp(stamp)),
});
export type StoredProcessStep = ProcessStep;

const waitingSignatureRow = z.object({ lot_id: z.string(), meaning: z.string(), signer_name: z.string(), signed_at: z.date() });
export type WaitingSignatureRow = z.infer<typeof waitingSignatureRow>;

export interface LotQuery {
  /** Only lots in one of these statuses; every lot when absent. */
  readonly statuses?: readonly string[];
  readonly limit: number;
}

export interface StoredLot extends Stored<Lot> {
  /** When the transaction that last wrote the lot was made. */
  readonly updatedAt: Date;
}

const LOT_COLUMNS = 's.value, s.updated_tx_id, t.created_at AS updated_at';
const storedLot = (row: { updated_at: Date }): StoredLot => ({ ...stored(row, newLot), updatedAt: row.updated_at });

export function dossierRepository(pool: Pool) {
  return {
    /** Lots newest first. */
    async lots({ statuses, limit }: LotQuery): Promise<StoredLot[]> {
      const { rows } = await pool.query(
        `SELECT ${LOT_COLUMNS}
           FROM ledger_state s JOIN transactions t ON t.tx_id = s.updated_tx_id
          WHERE s.object_type = 'lot' AND ($1::text[] IS NULL OR s.value->>'status' = ANY($1))
          ORDER BY s.value->>'createdAt' DESC, s.attributes
          LIMIT $2`,
        [statuses ?? null, limit],
      );
      return rows.map(storedLot);
    },

    /** The lots with these numbers that are recorded. */
    async lotsById(lotIds: readonly string[]): Promise<StoredLot[]> {
      const { rows } = await pool.query(
        `SELECT ${LOT_COLUMNS}
           FROM ledger_state s JOIN transactions t ON t.tx_id = s.updated_tx_id
          WHERE s.object_type = 'lot' AND s.attributes[1] = ANY($1::text[])`,
        [lotIds],
      );
      return rows.map(storedLot);
    },

    /** QA release signatures given and waiting in the gateway for the other signer, of these lots. */
    async waitingSignatures(lotIds: readonly string[]): Promise<WaitingSignatureRow[]> {
      const { rows } = await pool.query(
        `SELECT lot_id, meaning, signature->>'signerName' AS signer_name, signed_at
           FROM release_signatures WHERE lot_id = ANY($1::text[]) ORDER BY signed_at`,
        [lotIds],
      );
      return rows.map((r) => waitingSignatureRow.parse(r));
    },

    /** Every result about one subject, through the chaincode's result-by-subject link, in the order they were tested. */
    async testResultsOf(kind: SubjectKind, id: string): Promise<Stored<TestResult>[]> {
      const { rows } = await pool.query(
        `SELECT r.value, r.updated_tx_id
           FROM ledger_state l
           JOIN ledger_state r ON r.object_type = 'test-result' AND r.attributes = ARRAY[l.attributes[3]]
          WHERE l.object_type = 'result-by-subject' AND l.attributes[2] = $2 AND l.attributes[1] = $1
          ORDER BY r.value->>'testedAt', r.attributes`,
        [kind, id],
      );
      return rows.map((r) => stored(r, newTestResult));
    },

    /** A lot's batch record steps in sequence (the key pads seq to six digits, so key order is sequence order). */
    async processSteps(lotId: string): Promise<Stored<StoredProcessStep>[]> {
      const { rows } = await pool.query(
        `SELECT value, updated_tx_id FROM ledger_state WHERE object_type = 'lot-step' AND attributes[1] = $1 ORDER BY attributes[2]`,
        [lotId],
      );
      return rows.map((r) => stored(r, (value) => processStepRecord.parse(value)));
    },

    async deviations(lotId: string): Promise<Stored<Deviation>[]> {
      const { rows } = await pool.query(
        `SELECT value, updated_tx_id FROM ledger_state WHERE object_type = 'deviation' AND attributes[1] = $1
          ORDER BY value->>'raisedAt', attributes[2]`,
        [lotId],
      );
      return rows.map((r) => stored(r, newDeviation));
    },

    /** Every case packed with units of these lots, through the chaincode's case-by-lot link, in packing order. */
    async casesOfLots(lotIds: readonly string[]): Promise<Stored<ShippingCase>[]> {
      const { rows } = await pool.query(
        `SELECT c.value, c.updated_tx_id
           FROM ledger_state l
           JOIN ledger_state c ON c.object_type = 'case' AND c.attributes = ARRAY[l.attributes[2]]
          WHERE l.object_type = 'case-by-lot' AND l.attributes[1] = ANY($1::text[])
          ORDER BY l.attributes[1], c.value->>'packedAt', l.attributes[2]`,
        [lotIds],
      );
      return rows.map((r) => stored(r, newShippingCase));
    },

    /**
     * A lot's units through the chaincode's unit-by-lot link, in one status (commissioned, packed) or any, in code order;
     * at most `limit`.
     */
    async unitsOfLot(lotId: string, status: string | undefined, limit: number): Promise<Unit[]> {
      const { rows } = await pool.query<{ value: unknown }>(
        `SELECT u.value
           FROM ledger_state l
           JOIN ledger_state u ON u.object_type = 'unit' AND u.attributes = ARRAY[l.attributes[2]]
          WHERE l.object_type = 'unit-by-lot' AND l.attributes[1] = $1 AND ($2::text IS NULL OR u.value->>'status' = $2)
          ORDER BY l.attributes[2] LIMIT $3`,
        [lotId, status ?? null, limit],
      );
      return rows.map((r) => newUnit(r.value));
    },

    /** The jurisdiction of a pool or a lot, or undefined when it is not recorded. */
    async jurisdictionOf(kind: 'pool' | 'lot', id: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ jurisdiction: string | null }>(
        `SELECT value->>'jurisdiction' AS jurisdiction FROM ledger_state WHERE object_type = $1 AND attributes = ARRAY[$2]`,
        [kind, id],
      );
      return rows[0]?.jurisdiction ?? undefined;
    },

    /** The rule set in force in a jurisdiction, or undefined when none is recorded. */
    async ruleSet(jurisdiction: string): Promise<RuleSet | undefined> {
      const { rows } = await pool.query<{ value: unknown }>(
        `SELECT value FROM ledger_state WHERE object_type = 'rule-set' AND attributes = ARRAY[$1]`,
        [jurisdiction],
      );
      return rows[0] === undefined ? undefined : newRuleSet(rows[0].value);
    },
  };
}

export type DossierRepository = ReturnType<typeof dossierRepository>;
