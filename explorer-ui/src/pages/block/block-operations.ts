// Blocks and their transactions as the indexer wrote them.
import { operation } from '../../graphql/operation';

export interface TransactionSummary {
  readonly id: string;
  readonly index: number;
  readonly validationCode: string;
  readonly valid: boolean;
  readonly organisation: string;
  readonly submitter: string;
  readonly function: string | null;
  readonly createdAt: string;
}

export interface BlockRecord {
  readonly number: number;
  readonly dataHash: string;
  readonly previousHash: string;
  readonly transactionCount: number;
  readonly indexedAt: string;
  readonly transactions: readonly TransactionSummary[];
}

export const BLOCK = operation<{ block: BlockRecord | null }, { number: number }>(/* GraphQL */ `
  query Block($number: Int!) {
    block(number: $number) {
      number dataHash previousHash transactionCount indexedAt
      transactions { id index validationCode valid organisation submitter function createdAt }
    }
  }`);

/** The newest blocks, newest first, with what each transaction called. */
export const LATEST_BLOCKS = operation<{ blocks: { number: number; transactionCount: number; indexedAt: string; transactions: { function: string | null }[] }[] }, { last: number }>(/* GraphQL */ `
  query LatestBlocks($last: Int!) { blocks(last: $last) { number transactionCount indexedAt transactions { function } } }`);
