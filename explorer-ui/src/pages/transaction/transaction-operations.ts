// One transaction with its endorsers and its chaincode event.
import { operation } from '../../graphql/operation';
import { TRANSACTION_SUMMARY_FIELDS, type TransactionSummary } from '../block/block-operations';

export interface TransactionRecord extends TransactionSummary {
  readonly blockNumber: number;
  readonly endorsers: readonly string[];
  readonly chaincode: string | null;
  readonly event: string | null;
}

export const TRANSACTION = operation<{ transaction: TransactionRecord | null }, { id: string }>(`
  query Transaction($id: ID!) { transaction(id: $id) { ${TRANSACTION_SUMMARY_FIELDS} blockNumber endorsers chaincode event } }`);
