// An object's audit trail as PostgreSQL projects it, compared with the history of its key on the peers
// (Lineage:GetAuditTrail: every committed version, oldest first, with each version's changed fields and its stamp). A
// difference is named `trail.<transaction id>` for a whole entry (the ledger's change the trail lacks: a deleted row;
// or an entry for a transaction that never wrote the key: an invented row) and `trail.<transaction id>.<field>` for an
// entry that is not the ledger's: its record as the indexer kept it (event_objects) or as its event carries it
// (ledger_events), who made the change, in which role, by which transaction and why (`lastChange.*`), when (`at`),
// and the submitter's certificate (`submitter`, in transactions).
import { fieldDifferences, type FieldDifference } from './field-differences';

/** One change of the key, as Lineage:GetAuditTrail answers it. */
export interface LedgerTrailEntry {
  readonly txId: string;
  readonly when: string;
  readonly who: { readonly mspId: string; readonly name: string; readonly role: string };
  readonly what: string;
  readonly reason: string | null;
  readonly changes: readonly { readonly field: string; readonly new: unknown }[];
}

/** One event naming the object, as the projection holds it (ledger-repository's objectTrail). */
export interface ProjectedTrailEntry {
  readonly txId: string;
  readonly event: string;
  /** When, as the trail shows it: the transaction's time. */
  readonly at: Date;
  /** The object's record the transaction wrote, as the indexer kept it (event_objects); null where it keeps none. */
  readonly record: Readonly<Record<string, unknown>> | null;
  /** The record the event carries (ledger_events), where it is this object's; null otherwise. */
  readonly carried: Readonly<Record<string, unknown>> | null;
  /** The submitter, from the transactions table. */
  readonly organisation: string;
  readonly who: string;
}

export interface TrailDifference extends FieldDifference {
  /** `event_objects`, `ledger_events` or `transactions`. */
  readonly source: string;
}

type Json = Readonly<Record<string, unknown>>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** A record without its stamp and its empty fields: the ledger's diff reports a field it dropped as null. */
function comparable(record: Json): Json {
  return Object.fromEntries(
    Object.entries(record).filter(([field, value]) => field !== 'lastChange' && value !== null && value !== undefined),
  );
}

/** What a record's stamp says of its change, in the shape the ledger's trail reports it. */
function stampOf(record: Json): Json | undefined {
  const stamp = asObject(record.lastChange);
  if (!stamp) return undefined;
  const by = asObject(stamp.by) ?? {};
  return { who: { mspId: by.mspId, name: by.name, role: by.role }, what: stamp.transaction, reason: stamp.reason ?? null };
}

export function trailDifferences(ledger: readonly LedgerTrailEntry[], projected: readonly ProjectedTrailEntry[]): TrailDifference[] {
  const differences: TrailDifference[] = [];
  const projectedByTx = new Map(projected.map((entry) => [entry.txId, entry]));
  const written = new Set(ledger.map((entry) => entry.txId));
  const differ = (path: string, ledgerValue: unknown, offChain: unknown, source: string): void => {
    differences.push(...fieldDifferences(ledgerValue, offChain, path).map((d) => ({ ...d, source })));
  };

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
      differ(`${path}.submitter`, `${change.who.mspId}/${change.who.name}`, `${entry.organisation}/${entry.who}`, 'transactions');
    }
    if (entry.at.getTime() !== Date.parse(change.when)) differ(`${path}.at`, change.when, entry.at.toISOString(), 'ledger_events');
    if (!entry.record) {
      differences.push({ field: `${path}.record`, ledger: JSON.stringify(change.what), offChain: null, source: 'event_objects' });
    }
    for (const [record, source] of [
      [entry.record, 'event_objects'],
      [entry.carried, 'ledger_events'],
    ] as const) {
      if (!record) continue;
      differ(path, comparable(version), comparable(record), source);
      const stamp = stampOf(record);
      if (stamp) differ(`${path}.lastChange`, { who: change.who, what: change.what, reason: change.reason }, stamp, source);
    }
  }
  // An entry for a transaction that never wrote the key: an event names only the objects its transaction writes
  // (chaincode/test/object-state-keys.test.ts).
  for (const entry of projected) {
    if (!written.has(entry.txId)) {
      differences.push({ field: `trail.${entry.txId}`, ledger: null, offChain: JSON.stringify(entry.event), source: 'event_objects' });
    }
  }
  return differences;
}
