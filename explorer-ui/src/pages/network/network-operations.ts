// The network's state: every node and its health, how far the indexer has come, throughput and the newest
// blocks with their transactions; and the consortium's registry: its members and the e-signature authorities.
import type {
  BlockAddedSubscription,
  BlockAddedSubscriptionVariables,
  ConsortiumRegistryQuery,
  ConsortiumRegistryQueryVariables,
  NetworkStatusQuery,
  NetworkStatusQueryVariables,
} from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS, CONSORTIUM_MEMBER_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

/** A node and its health; clockOffsetMs is its clock minus the gateway's (ms, ± half a second), null when unknown. */
export type NetworkNode = NetworkStatusQuery['networkStatus']['nodes'][number];

export const NETWORK_STATUS = operation<NetworkStatusQuery, NetworkStatusQueryVariables>(/* GraphQL */ `
  query NetworkStatus($last: Int!) {
    networkStatus {
      nodes {
        name
        kind
        organisation
        address
        healthy
        clockOffsetMs
        clockBeyondTolerance
      }
      clockToleranceMs
      indexedHeight
      throughput
      recentBlocks(last: $last) {
        number
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
  }
`);

/** Each block as soon as the indexer has written it. */
export const BLOCK_ADDED = operation<BlockAddedSubscription, BlockAddedSubscriptionVariables>(/* GraphQL */ `
  subscription BlockAdded {
    blockAdded {
      number
      transactions
    }
  }
`);

export const CONSORTIUM_REGISTRY = operation<ConsortiumRegistryQuery, ConsortiumRegistryQueryVariables>(
  /* GraphQL */ `
    query ConsortiumRegistry {
      consortium {
        version
        reason
        organisations {
          ...ConsortiumMemberFields
        }
        signatureAuthorities {
          name
          certificate
        }
        formerSignatureAuthorities {
          name
          certificate
        }
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS, CONSORTIUM_MEMBER_FIELDS],
);
