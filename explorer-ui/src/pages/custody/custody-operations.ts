// What a site's stock page asks: the bags it holds in one status, and the two bulk steps of the factory's quarantine.
import type {
  DonationsInCustodyQuery,
  DonationsInCustodyQueryVariables,
  QuarantineDonationsMutation,
  QuarantineDonationsMutationVariables,
  ReleaseDonationsMutation,
  ReleaseDonationsMutationVariables,
} from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

export const DONATIONS_IN_CUSTODY = operation<DonationsInCustodyQuery, DonationsInCustodyQueryVariables>(/* GraphQL */ `
  query DonationsInCustody($status: String!, $shipmentId: String, $first: Int!) {
    donationsInCustody(status: $status, shipmentId: $shipmentId, first: $first) {
      din
      checkCharacter
      station
      volumeMl
      collectionEnd
      recordedAt
      receivedAt
      shipmentId
    }
  }
`);

export const QUARANTINE_DONATIONS = operation<QuarantineDonationsMutation, QuarantineDonationsMutationVariables>(/* GraphQL */ `
  mutation QuarantineDonations($dins: [String!]!) {
    quarantineDonations(dins: $dins) {
      din
      status
    }
  }
`);

export const RELEASE_DONATIONS = operation<ReleaseDonationsMutation, ReleaseDonationsMutationVariables>(/* GraphQL */ `
  mutation ReleaseDonations($dins: [String!]!) {
    releaseDonations(dins: $dins) {
      din
      status
    }
  }
`);
