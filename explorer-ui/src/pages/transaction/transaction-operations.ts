// One transaction with its endorsers and its chaincode event.
import type { TransactionQuery, TransactionQueryVariables } from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

/** The transaction with its endorsers, and its chaincode event as the gateway serves it: everything but its payload. */
export const TRANSACTION = operation<TransactionQuery, TransactionQueryVariables>(/* GraphQL */ `
  query Transaction($id: ID!) {
    transaction(id: $id) {
      id
      index
      validationCode
      valid
      organisation
      submitter
      signingKey {
        kind
        deviceLabel
      }
      function
      createdAt
      blockNumber
      endorsers
      chaincode
      event {
        type
        key
        txId
        timestamp
        objects {
          type
          id
        }
      }
    }
  }
`);
