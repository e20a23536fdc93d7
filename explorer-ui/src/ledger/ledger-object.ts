// Any object the chaincode keeps (pool, lot, unit, case, shipment, look-back case...), by its type and key, as
// last written: the record itself, parsed from the JSON text the gateway sends.
import { operation } from '../graphql/operation';
import { useQuery, type QueryState } from '../graphql/use-query';

export const LEDGER_OBJECT = operation<{ ledgerObject: { type: string; id: string; record: string } | null }, { type: string; id: string }>(
  'query LedgerObject($type: String!, $id: String!) { ledgerObject(type: $type, id: $id) { type id record } }',
);

export interface LedgerRecordState<T> {
  readonly query: QueryState<unknown>;
  /** undefined while loading, null when no such object is recorded. */
  readonly record: T | null | undefined;
}

/** The record of one object; `T` names the fields the page reads, which the chaincode validated on write. */
export function useLedgerObject<T>(type: string, id: string, options: { readonly skip?: boolean } = {}): LedgerRecordState<T> {
  const query = useQuery(LEDGER_OBJECT, { type, id }, options);
  const found = query.data?.ledgerObject;
  return { query, record: query.data === undefined ? undefined : found ? JSON.parse(found.record) as T : null };
}
