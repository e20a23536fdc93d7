// One object's audit trail, for its page's time line and its audit table alike.
import type { AuditTrailQuery } from '../graphql/generated/operations';
import { useQuery, type QueryState } from '../graphql/use-query';
import { AUDIT_TRAIL } from './audit-operations';

export function useAuditTrail(objectType: string, objectId: string): QueryState<AuditTrailQuery> {
  return useQuery(AUDIT_TRAIL, { objectType, objectId, limit: 500 });
}
