// The audit trail as the gateway serves it: who, what, when, old value, new value, reason, per object or
// over a time range, and the same as a CSV or JSON file.
import { operation } from '../graphql/operation';

export interface AuditEntry {
  readonly at: string;
  readonly transactionId: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly organisation: string;
  readonly who: string;
  readonly role: string | null;
  readonly what: string;
  readonly transaction: string | null;
  readonly reason: string | null;
  readonly changes: readonly { readonly field: string; readonly old: string | null; readonly new: string | null }[];
  /** For events over many objects: their summary, as display text. */
  readonly detail: string | null;
}

export interface AuditScope {
  readonly objectType?: string;
  readonly objectId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
}

export const AUDIT_TRAIL = operation<{ auditTrail: AuditEntry[] }, AuditScope>(/* GraphQL */ `
  query AuditTrail($objectType: String, $objectId: String, $from: DateTime, $to: DateTime, $limit: Int) {
    auditTrail(objectType: $objectType, objectId: $objectId, from: $from, to: $to, limit: $limit) {
      at transactionId objectType objectId organisation who role what transaction reason detail
      changes { field old new }
    }
  }`);

export const AUDIT_TRAIL_EXPORT = operation<{ auditTrailExport: string }, AuditScope & { format: 'CSV' | 'JSON' }>(/* GraphQL */ `
  query AuditTrailExport($format: ExportFormat!, $objectType: String, $objectId: String, $from: DateTime, $to: DateTime) {
    auditTrailExport(format: $format, objectType: $objectType, objectId: $objectId, from: $from, to: $to)
  }`);
