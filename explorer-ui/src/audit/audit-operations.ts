// The audit trail as the gateway serves it: who, what, when, old value, new value, reason, per object or
// over a time range, and the same as a CSV or JSON file.
import type {
  AuditTrailExportQuery,
  AuditTrailExportQueryVariables,
  AuditTrailQuery,
  AuditTrailQueryVariables,
} from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/** One change of the trail; `detail`, for events over many objects, is their summary as display text. */
export type AuditEntry = AuditTrailQuery['auditTrail'][number];

/** Which part of the trail: an object, a time range, an event, a person, an organisation, how many entries. */
export type AuditScope = AuditTrailQueryVariables;

export const AUDIT_TRAIL = operation<AuditTrailQuery, AuditTrailQueryVariables>(/* GraphQL */ `
  query AuditTrail(
    $objectType: String
    $objectId: String
    $event: String
    $who: String
    $organisation: String
    $from: DateTime
    $to: DateTime
    $limit: Int
  ) {
    auditTrail(
      objectType: $objectType
      objectId: $objectId
      event: $event
      who: $who
      organisation: $organisation
      from: $from
      to: $to
      limit: $limit
    ) {
      at
      transactionId
      blockNumber
      objectType
      objectId
      organisation
      who
      printedName
      role
      what
      transaction
      reason
      detail
      changes {
        field
        old
        new
      }
    }
  }
`);

export const AUDIT_TRAIL_EXPORT = operation<AuditTrailExportQuery, AuditTrailExportQueryVariables>(/* GraphQL */ `
  query AuditTrailExport(
    $format: ExportFormat!
    $objectType: String
    $objectId: String
    $event: String
    $who: String
    $organisation: String
    $from: DateTime
    $to: DateTime
  ) {
    auditTrailExport(
      format: $format
      objectType: $objectType
      objectId: $objectId
      event: $event
      who: $who
      organisation: $organisation
      from: $from
      to: $to
    ) {
      content
      sha256
    }
  }
`);
