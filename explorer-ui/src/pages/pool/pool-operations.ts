// What the pool page asks: the pool as the ledger keeps it; and the factory's pooling: a pool started, filled with
// released bags by scanning, closed.
import type {
  AddToPoolMutation,
  AddToPoolMutationVariables,
  ClosePoolMutation,
  ClosePoolMutationVariables,
  CreatePoolMutation,
  CreatePoolMutationVariables,
  PoolQuery,
  PoolQueryVariables,
} from '../../graphql/generated/operations';
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

export const CREATE_POOL = operation<CreatePoolMutation, CreatePoolMutationVariables>(/* GraphQL */ `
  mutation CreatePool($pool: PoolInput!) {
    createPool(pool: $pool) {
      poolDin
      status
    }
  }
`);

export const ADD_TO_POOL = operation<AddToPoolMutation, AddToPoolMutationVariables>(/* GraphQL */ `
  mutation AddToPool($poolDin: String!, $dins: [String!]!) {
    addToPool(poolDin: $poolDin, dins: $dins) {
      added
      count
      volumeMl
    }
  }
`);

export const CLOSE_POOL = operation<ClosePoolMutation, ClosePoolMutationVariables>(/* GraphQL */ `
  mutation ClosePool($poolDin: String!) {
    closePool(poolDin: $poolDin) {
      poolDin
      status
    }
  }
`);
