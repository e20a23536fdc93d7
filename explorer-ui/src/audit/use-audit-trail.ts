// One object's audit trail, for its page's time line and its audit table alike.
import { useQuery, type QueryState } from '../graphql/use-query';
import { AUDIT_TRAIL, type AuditEntry } from './audit-operations';

export function useAuditTrail(objectType: string, objectId: string): QueryState<{ auditTrail: AuditEntry[] }> {
  return useQuery(AUDIT_TRAIL, { objectType, objectId, limit: 500 });
}
