// What the donation pages ask: the donation as the ledger keeps it (the nine scan items, its status and the record
// of each step of its life cycle), the part of it a list of bags shows, and the correction of a mistyped item.
import type {
  DestroyDonationMutation,
  DestroyDonationMutationVariables,
  DonationQuery,
  DonationQueryVariables,
  DonationSummaryQuery,
  DonationSummaryQueryVariables,
  ProposeCorrectionMutation,
  ProposeCorrectionMutationVariables,
  RecordExcursionMutation,
  RecordExcursionMutationVariables,
  RecordScreeningMutation,
  RecordScreeningMutationVariables,
  RecordStorageMutation,
  RecordStorageMutationVariables,
  ResolveHoldMutation,
  ResolveHoldMutationVariables,
  ReviewCorrectionMutation,
  ReviewCorrectionMutationVariables,
  ScreeningRulesQuery,
  ScreeningRulesQueryVariables,
  StationRulesQuery,
  StationRulesQueryVariables,
} from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

/** The donation as its page shows it: every field the gateway serves. */
export const DONATION = operation<DonationQuery, DonationQueryVariables>(
  /* GraphQL */ `
    query Donation($din: String!) {
      donation(din: $din) {
        din
        checkCharacter
        facility
        productCode
        donorPseudonym
        station
        operator
        collectionStart
        collectionEnd
        volumeMl
        deviceSerial
        anticoagulantLot
        status
        recordedAt
        recordedTxId
        lateEntry {
          reason
          signature {
            ...SignatureFields
          }
        }
        custodian
        screening {
          conclusion
          analytes
          detailHash
          collection
          screenedAt
        }
        storage {
          location
          temperatureC
          storedAt
        }
        shipmentId
        receivedAt
        hold {
          kind
          from
          since
          excursion {
            maxTemperatureC
            durationHours
            location
          }
          excursionId
          laterFindings {
            kind
            since
            excursion {
              maxTemperatureC
              durationHours
              location
            }
          }
          resultId
        }
        excursionCount
        release {
          releasedAt
          jurisdiction
          holdDays
          laterNegativeDin
        }
        poolDin
        destruction {
          method
          reason
          destroyedAt
          signature {
            ...SignatureFields
          }
        }
        interdiction {
          caseId
          reason
          at
          statusBefore
        }
        labelCorrection {
          found
          reprintedDin
          reprintedProductCode
          reason
          correctedAt
        }
        corrections {
          field
          from
          to
          reason
          proposedBy {
            name
            mspId
          }
          proposedAt
          status
          reviewedBy {
            name
          }
          reviewedAt
          rejectionReason
        }
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS],
);

export const PROPOSE_CORRECTION = operation<ProposeCorrectionMutation, ProposeCorrectionMutationVariables>(/* GraphQL */ `
  mutation ProposeCorrection($din: String!, $correction: CorrectionInput!) {
    proposeCorrection(din: $din, correction: $correction) {
      din
    }
  }
`);

export const REVIEW_CORRECTION = operation<ReviewCorrectionMutation, ReviewCorrectionMutationVariables>(/* GraphQL */ `
  mutation ReviewCorrection($din: String!, $review: CorrectionReviewInput!) {
    reviewCorrection(din: $din, review: $review) {
      din
    }
  }
`);

/** A bag in a list (a shipment being built, a look-back's donations, a lineage): where and when it was collected, its status. */
export type DonationSummary = NonNullable<DonationSummaryQuery['donation']>;

export const DONATION_SUMMARY = operation<DonationSummaryQuery, DonationSummaryQueryVariables>(/* GraphQL */ `
  query DonationSummary($din: String!) {
    donation(din: $din) {
      din
      checkCharacter
      station
      collectionStart
      collectionEnd
      volumeMl
      status
    }
  }
`);

/** The mandatory screening tests and the storage limit of the station's jurisdiction (its registry entry names it). */
export const STATION_RULES = operation<StationRulesQuery, StationRulesQueryVariables>(/* GraphQL */ `
  query StationRules {
    consortium {
      organisations {
        mspId
        jurisdiction
      }
    }
  }
`);

export const SCREENING_RULES = operation<ScreeningRulesQuery, ScreeningRulesQueryVariables>(/* GraphQL */ `
  query ScreeningRules($jurisdiction: String!) {
    ruleSet(jurisdiction: $jurisdiction) {
      jurisdiction
      version
      storageLimitC
      mandatoryTests {
        donation
      }
    }
  }
`);

export const RECORD_SCREENING = operation<RecordScreeningMutation, RecordScreeningMutationVariables>(/* GraphQL */ `
  mutation RecordScreening($din: String!, $screening: ScreeningInput!) {
    recordScreening(din: $din, screening: $screening) {
      din
      status
    }
  }
`);

export const RECORD_STORAGE = operation<RecordStorageMutation, RecordStorageMutationVariables>(/* GraphQL */ `
  mutation RecordStorage($dins: [String!]!, $storage: StorageInput!) {
    recordStorage(dins: $dins, storage: $storage) {
      din
      status
    }
  }
`);

export const RECORD_EXCURSION = operation<RecordExcursionMutation, RecordExcursionMutationVariables>(/* GraphQL */ `
  mutation RecordExcursion($dins: [String!]!, $excursion: ExcursionInput!) {
    recordTemperatureExcursion(dins: $dins, excursion: $excursion) {
      din
      status
    }
  }
`);

export const RESOLVE_HOLD = operation<ResolveHoldMutation, ResolveHoldMutationVariables>(/* GraphQL */ `
  mutation ResolveHold($din: String!, $resolution: ReasonInput!) {
    resolveHold(din: $din, resolution: $resolution) {
      din
      status
    }
  }
`);

export const DESTROY_DONATION = operation<DestroyDonationMutation, DestroyDonationMutationVariables>(/* GraphQL */ `
  mutation DestroyDonation($din: String!, $destruction: DestructionInput!, $password: String!) {
    destroyDonation(din: $din, destruction: $destruction, password: $password) {
      din
      status
    }
  }
`);
