// One transaction with its endorsers and its chaincode event.
import type { LedgerEvent } from '@plasma/chaincode/browser';
import type { Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';
import type { TransactionSummary } from '../block/block-operations';

export interface TransactionRecord extends TransactionSummary {
  readonly blockNumber: number;
  readonly endorsers: readonly string[];
  readonly chaincode: string | null;
  /** The chaincode's event as the gateway serves it: everything but its payload. */
  readonly event: Selected<LedgerEvent, 'type' | 'key' | 'txId' | 'timestamp' | 'objects'> | null;
}

export const TRANSACTION = operation<{ transaction: TransactionRecord | null }, { id: string }>(/* GraphQL */ `
  query Transaction($id: ID!) {
    transaction(id: $id) {
      id index validationCode valid organisation submitter function createdAt blockNumber endorsers chaincode
      event { type key txId timestamp objects { type id } }
    }
  }`);
