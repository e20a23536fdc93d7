// Blocks and their transactions as the indexer wrote them.
import type { BlockQuery, BlockQueryVariables, LatestBlocksQuery, LatestBlocksQueryVariables } from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

/** A transaction in a block's list, as the block's and the network's documents select it. */
export type TransactionSummary = NonNullable<BlockQuery['block']>['transactions'][number];

export const BLOCK = operation<BlockQuery, BlockQueryVariables>(/* GraphQL */ `
  query Block($number: Int!) {
    block(number: $number) {
      number
      dataHash
      previousHash
      transactionCount
      indexedAt
      transactions {
        id
        index
        validationCode
        valid
        organisation
        submitter
        function
        createdAt
      }
    }
  }
`);

/** The newest blocks, newest first, with what each transaction called. */
export const LATEST_BLOCKS = operation<LatestBlocksQuery, LatestBlocksQueryVariables>(/* GraphQL */ `
  query LatestBlocks($last: Int!) {
    blocks(last: $last) {
      number
      transactionCount
      indexedAt
      transactions {
        function
      }
    }
  }
`);
