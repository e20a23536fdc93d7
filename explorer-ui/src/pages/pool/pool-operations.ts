// What the pool page asks: the pool as the ledger keeps it.
import type { PoolQuery, PoolQueryVariables } from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

export const POOL = operation<PoolQuery, PoolQueryVariables>(
  /* GraphQL */ `
    query Pool($poolDin: String!) {
      pool(poolDin: $poolDin) {
        poolDin
        checkCharacter
        facility
        factory
        jurisdiction
        status
        count
        volumeMl
        chunkRoots
        merkleRoot
        createdAt
        closedAt
        lookBackCaseIds
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS],
);
