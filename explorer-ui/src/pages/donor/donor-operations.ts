// A donor's standing before collection, and their deferrals recorded and lifted on the ledger.
import type {
  DeferDonorMutation,
  DeferDonorMutationVariables,
  DonorRegisterQuery,
  DonorRegisterQueryVariables,
  DonorStandingQuery,
  DonorStandingQueryVariables,
  LiftDeferralMutation,
  LiftDeferralMutationVariables,
  UnmovedDonationsQuery,
  UnmovedDonationsQueryVariables,
} from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

export type DonorStanding = DonorStandingQuery['donorStanding'];
export type Deferral = NonNullable<DonorStanding['donor']>['deferrals'][number];

export const DONOR_STANDING = operation<DonorStandingQuery, DonorStandingQueryVariables>(/* GraphQL */ `
  query DonorStanding($donorPseudonym: String!) {
    donorStanding(donorPseudonym: $donorPseudonym) {
      donorPseudonym
      jurisdiction
      donationIntervalDays
      eligibleFrom
      deferredNow {
        deferralId
      }
      donor {
        deferrals {
          deferralId
          kind
          reason
          from
          until
          deferredBy {
            mspId
            name
          }
          lifted {
            at
            reason
            by {
              mspId
              name
            }
          }
        }
      }
      donations {
        din
        station
        collectionStart
        status
      }
    }
  }
`);

export const DEFER_DONOR = operation<DeferDonorMutation, DeferDonorMutationVariables>(/* GraphQL */ `
  mutation DeferDonor($donorPseudonym: String!, $deferral: DeferralInput!) {
    deferDonor(donorPseudonym: $donorPseudonym, deferral: $deferral) {
      deferrals {
        deferralId
      }
    }
  }
`);

export const LIFT_DEFERRAL = operation<LiftDeferralMutation, LiftDeferralMutationVariables>(/* GraphQL */ `
  mutation LiftDeferral($donorPseudonym: String!, $deferralId: ID!, $reason: String!) {
    liftDeferral(donorPseudonym: $donorPseudonym, deferralId: $deferralId, reason: $reason) {
      deferrals {
        deferralId
      }
    }
  }
`);

export const DONOR_REGISTER = operation<DonorRegisterQuery, DonorRegisterQueryVariables>(/* GraphQL */ `
  query DonorRegister($first: Int) {
    donorRegister(first: $first) {
      donorPseudonym
      donations
      lastCollectionStart
      deferredNow {
        kind
        reason
        until
        deferredBy {
          mspId
        }
      }
    }
  }
`);

/** Bags their station never dispatched, with the other stations their donor gave at: the regulator's for every station. */
export const UNMOVED_DONATIONS = operation<UnmovedDonationsQuery, UnmovedDonationsQueryVariables>(/* GraphQL */ `
  query UnmovedDonations($olderThanDays: Int) {
    unmovedDonations(olderThanDays: $olderThanDays) {
      din
      station
      donorPseudonym
      collectionStart
      status
      daysHeld
      donorAlsoGaveAt
    }
  }
`);
