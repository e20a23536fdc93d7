// What the verification badge asks: the gateway's comparison of an object's off-chain copies with the peers' world
// state, and of its cited documents with their hashes on the ledger.
import type { VerificationQuery, VerificationQueryVariables } from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/** Each difference's ledger and offChain are JSON text, or null when that side has no such field. */
export const VERIFICATION = operation<VerificationQuery, VerificationQueryVariables>(/* GraphQL */ `
  query Verification($objectType: String!, $objectId: String!) {
    verification(objectType: $objectType, objectId: $objectId) {
      objectId
      verified
      checkedAt
      ledgerDigest
      offChainDigest
      checks {
        name
        passed
        detail
      }
      differences {
        field
        ledger
        offChain
        source
      }
    }
  }
`);
