// Every object the projection holds, verified against the ledger as one object's verification does it: what an
// organisation runs after a restore (or before an inspection) to know that its PostgreSQL is the ledger's, not just
// that one record is. Runs as the organisation's admin, who reads every object of the shared ledger.
import type { Pool } from 'pg';
import type { Person } from '../people/person';
import type { VerificationService } from './verification';
import { VERIFIABLE_TYPES } from './verifiable-objects';

export interface ProjectionAudit {
  /** Objects verified, by type. */
  readonly objects: Readonly<Record<string, number>>;
  readonly verified: number;
  /**
   * Cited documents this database does not hold, by SHA-256: off-chain documents stay with the organisation that
   * stored them, so another's are expected here; the organisation that stored them must hold them all.
   */
  readonly documentsNotHeld: readonly string[];
  /** Each object that did not verify, with its failed checks' details. */
  readonly differing: readonly { readonly objectType: string; readonly objectId: string; readonly detail: string }[];
}

/** Verifies each projected object of a verifiable type, a few at a time (each asks the peers twice). */
export async function auditProjection(pool: Pool, verification: VerificationService, auditor: Person): Promise<ProjectionAudit> {
  const { rows } = await pool.query<{ objectType: string; objectId: string }>(
    `SELECT object_type AS "objectType", attributes[1] AS "objectId" FROM ledger_state
      WHERE object_type = ANY($1) AND cardinality(attributes) = 1 ORDER BY object_type, attributes[1]`,
    [VERIFIABLE_TYPES],
  );
  const objects: Record<string, number> = {};
  const differing: { objectType: string; objectId: string; detail: string }[] = [];
  const documentsNotHeld = new Set<string>();
  let verified = 0;
  const next = rows.values();
  const worker = async (): Promise<void> => {
    for (const { objectType, objectId } of next) {
      const result = await verification.verify(auditor, objectType, objectId);
      objects[objectType] = (objects[objectType] ?? 0) + 1;
      const failed = result.checks.filter((c) => !c.passed && !c.documentNotHeld);
      for (const { documentNotHeld } of result.checks) if (documentNotHeld) documentsNotHeld.add(documentNotHeld);
      if (failed.length === 0) verified += 1;
      else differing.push({ objectType, objectId, detail: failed.map((c) => `${c.name}: ${c.detail}`).join('; ') });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { objects, verified, documentsNotHeld: [...documentsNotHeld].sort(), differing };
}
