// An object's audit trail as PostgreSQL projects it, compared with the history of its key on the peers
// (Lineage:GetAuditTrail: every committed version, oldest first, with each version's changed fields). A difference is
// named `trail.<transaction id>` for a whole entry (the ledger's change the trail lacks: a deleted row; or a record
// the trail shows and the ledger never wrote) and `trail.<transaction id>.<field>` for an entry whose record (as the
// indexer kept it in event_objects, or as its event carries it in ledger_events) or submitter (`.submitter`, in
// transactions) is not the ledger's: an edited row.
import { fieldDifferences, type FieldDifference } from './field-differences';

/** One change of the key, as Lineage:GetAuditTrail answers it. */
export interface LedgerTrailEntry {
  readonly txId: string;
  readonly when: string;
  readonly who: { readonly mspId: string; readonly name: string };
  readonly what: string;
  readonly changes: readonly { readonly field: string; readonly new: unknown }[];
}

/** One event naming the object, as the projection holds it (ledger-repository's objectTrail). */
export interface ProjectedTrailEntry {
  readonly txId: string;
  readonly event: string;
  /** The object's record the transaction wrote, as the projection keeps it (event_objects); null where it holds none. */
  readonly record: Readonly<Record<string, unknown>> | null;
  /** The record the event carries (ledger_events), where it is this object's; null otherwise. */
  readonly carried: Readonly<Record<string, unknown>> | null;
  /** The submitter, from the transactions table. */
  readonly organisation: string;
  readonly who: string;
}

export interface TrailDifference extends FieldDifference {
  /** `ledger_events`, or `transactions` for the submitter. */
  readonly source: string;
}

type Json = Readonly<Record<string, unknown>>;

/** A record without its stamp and its empty fields: the ledger's diff reports a field it dropped as null. */
function comparable(record: Json): Json {
  return Object.fromEntries(
    Object.entries(record).filter(([field, value]) => field !== 'lastChange' && value !== null && value !== undefined),
  );
}

export function trailDifferences(ledger: readonly LedgerTrailEntry[], projected: readonly ProjectedTrailEntry[]): TrailDifference[] {
  const differences: TrailDifference[] = [];
  const projectedByTx = new Map(projected.map((entry) => [entry.txId, entry]));
  const written = new Set(ledger.map((entry) => entry.txId));

  // Each version of the key, rebuilt from the changes the ledger reports, against the entry the trail shows for it.
  let version: Json = {};
  for (const change of ledger) {
    version = { ...version, ...Object.fromEntries(change.changes.map((c) => [c.field, c.new])) };
    const path = `trail.${change.txId}`;
    const entry = projectedByTx.get(change.txId);
    if (!entry) {
      differences.push({
        field: path,
        ledger: JSON.stringify({ what: change.what, when: change.when }),
        offChain: null,
        source: 'ledger_events',
      });
      continue;
    }
    if (entry.organisation !== change.who.mspId || entry.who !== change.who.name) {
      differences.push({
        field: `${path}.submitter`,
        ledger: JSON.stringify(`${change.who.mspId}/${change.who.name}`),
        offChain: JSON.stringify(`${entry.organisation}/${entry.who}`),
        source: 'transactions',
      });
    }
    for (const [record, source] of [
      [entry.record, 'event_objects'],
      [entry.carried, 'ledger_events'],
    ] as const) {
      if (record) differences.push(...fieldDifferences(comparable(version), comparable(record), path).map((d) => ({ ...d, source })));
    }
  }
  // A record the trail shows for a transaction that never wrote the key.
  for (const entry of projected) {
    if (!written.has(entry.txId) && (entry.record ?? entry.carried)) {
      differences.push({
        field: `trail.${entry.txId}`,
        ledger: null,
        offChain: JSON.stringify(entry.event),
        source: 'ledger_events',
      });
    }
  }
  return differences;
}
