// The audit trail of ledger objects (who, what, when, old value, new value, reason), built from the
// indexed events, and its CSV and JSON exports.
import { carriesRecordOf } from '@plasma/chaincode';
import type { AuditRow, LedgerRepository, AuditQuery } from './ledger-repository';

export interface FieldChange {
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
}

export interface AuditEntry {
  readonly at: Date;
  readonly transactionId: string;
  /** The block the transaction is in: where an auditor finds it on the ledger. */
  readonly blockNumber: number;
  readonly objectType: string;
  readonly objectId: string;
  readonly organisation: string;
  /** The common name of the submitter's certificate: their username. */
  readonly who: string;
  /** The printed name in that certificate (the name their CA registered); null where the projection has none. */
  readonly printedName: string | null;
  readonly role: string | null;
  /** The event, e.g. DonationRecorded. */
  readonly what: string;
  readonly transaction: string | null;
  readonly reason: string | null;
  /** Field by field, where the transaction wrote the object's record; otherwise empty. */
  readonly changes: readonly FieldChange[];
  /** The event's data where it is not this object's record: a summary of many objects, a process step under its lot. */
  readonly detail: string | null;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | null => (value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

/** The audit stamp is how the record says who changed it; it is not itself a changed field. */
const STAMP_FIELDS = new Set(['lastChange']);

function diff(before: Json | undefined, after: Json): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].filter((f) => !STAMP_FIELDS.has(f)).sort();
  return fields
    .map((field) => ({ field, old: text(before?.[field]), new: text(after[field]) }))
    .filter((change) => change.old !== change.new);
}

export async function auditTrail(ledger: LedgerRepository, query: AuditQuery): Promise<AuditEntry[]> {
  return (await ledger.auditTrail(query)).map(entry);
}

function entry(row: AuditRow): AuditEntry {
  const record = row.record ?? undefined;
  // Who and why, from the stamp of the object's own record, else of the record the event carries.
  const stamp = asObject(record?.lastChange) ?? asObject(asObject(row.payload.data)?.lastChange);
  const by = asObject(stamp?.by);
  // Old → new against the record this one replaced, wherever that is on the ledger (before a time window, or an event
  // the query leaves out): each object of a transaction over many its own.
  const changes = record ? diff(row.previous_record ?? undefined, record) : [];
  return {
    at: row.emitted_at,
    transactionId: row.tx_id,
    blockNumber: row.block_number,
    objectType: row.object_type,
    objectId: row.object_id,
    organisation: row.creator_msp,
    who: row.creator_name,
    printedName: row.creator_printed_name,
    role: typeof by?.role === 'string' ? by.role : null,
    what: row.name,
    transaction: typeof stamp?.transaction === 'string' ? stamp.transaction : row.function_name,
    reason: typeof stamp?.reason === 'string' ? stamp.reason : null,
    changes,
    detail: row.is_main && carriesRecordOf(row.name, row.object_type) ? null : text(row.payload.data),
  };
}

/**
 * A spreadsheet runs a cell that begins with = + - @ (or a tab or carriage return before one) as a formula: such a cell
 * is written after an apostrophe, which shows as text. A plain number (-25, a temperature) stays a number.
 */
const defused = (value: string): string => (/^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value);

const csvCell = (value: string | null): string => {
  if (value === null) return '';
  const cell = defused(value);
  return /[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
};

/** One line per changed field (or per event without field changes), as auditors read it in a spreadsheet. */
export function auditTrailCsv(entries: readonly AuditEntry[]): string {
  const header = [
    'at',
    'transactionId',
    'blockNumber',
    'objectType',
    'objectId',
    'organisation',
    'who',
    'printedName',
    'role',
    'what',
    'transaction',
    'reason',
    'field',
    'old',
    'new',
    'detail',
  ];
  const lines = entries.flatMap((e) => {
    const common = [
      e.at.toISOString(),
      e.transactionId,
      String(e.blockNumber),
      e.objectType,
      e.objectId,
      e.organisation,
      e.who,
      e.printedName,
      e.role,
      e.what,
      e.transaction,
      e.reason,
    ];
    const changes = e.changes.length > 0 ? e.changes : [{ field: null, old: null, new: null }];
    return changes.map((c) => [...common, c.field, c.old, c.new, e.detail].map(csvCell).join(','));
  });
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
