// Look-back on the ledger: opening a case on a donor (or asking for one, and deciding on what was asked) and running it
// step by step until it is complete, the regulator's signed conclusion, the case record as the chaincode keeps it, the
// list of cases, and where the vials of the affected lots went.
import type {
  ConcludeLookBackMutation,
  ConcludeLookBackMutationVariables,
  LookBackCasesQuery,
  LookBackCasesQueryVariables,
  ConfirmLookBackRequestMutation,
  ConfirmLookBackRequestMutationVariables,
  ContinueLookBackMutation,
  ContinueLookBackMutationVariables,
  DeclineLookBackRequestMutation,
  DeclineLookBackRequestMutationVariables,
  LookBackProgressFieldsFragment,
  LookBackRequestIndexedQuery,
  LookBackRequestIndexedQueryVariables,
  LookBackRequestsQuery,
  LookBackRequestsQueryVariables,
  RequestLookBackMutation,
  RequestLookBackMutationVariables,
  LookBackCaseIndexedQuery,
  LookBackCaseIndexedQueryVariables,
  LookBackCaseQuery,
  LookBackCaseQueryVariables,
  LotDistributionQuery,
  LotDistributionQueryVariables,
  OpenLookBackMutation,
  OpenLookBackMutationVariables,
} from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS, LOOK_BACK_COUNTS_FIELDS, LOOK_BACK_PROGRESS_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

/** Where a case stands after a step, and the cursor to continue it from while it is in progress. */
export type LookBackProgress = LookBackProgressFieldsFragment;

export const OPEN_LOOK_BACK = operation<OpenLookBackMutation, OpenLookBackMutationVariables>(
  /* GraphQL */ `
    mutation OpenLookBack($donorPseudonym: String!, $reason: String!, $window: LookBackWindowInput!) {
      openLookBack(donorPseudonym: $donorPseudonym, reason: $reason, window: $window) {
        ...LookBackProgressFields
      }
    }
  `,
  [LOOK_BACK_PROGRESS_FIELDS],
);

export const CONTINUE_LOOK_BACK = operation<ContinueLookBackMutation, ContinueLookBackMutationVariables>(
  /* GraphQL */ `
    mutation ContinueLookBack($caseId: String!) {
      continueLookBack(caseId: $caseId) {
        ...LookBackProgressFields
      }
    }
  `,
  [LOOK_BACK_PROGRESS_FIELDS],
);

export const LOOK_BACK_CASE = operation<LookBackCaseQuery, LookBackCaseQueryVariables>(
  /* GraphQL */ `
    query LookBackCase($caseId: String!) {
      lookBackCase(caseId: $caseId) {
        caseId
        donorPseudonym
        reason
        jurisdiction
        scope {
          kind
          mspId
        }
        window {
          from
          to
        }
        status
        cursor
        counts {
          ...LookBackCountsFields
        }
        itemCount
        itemsDigest
        steps
        openedAt
        completedAt
        requestId
        conclusion {
          outcome
          reason
          concludedAt
          signature {
            ...SignatureFields
          }
        }
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS, SIGNATURE_FIELDS, LOOK_BACK_COUNTS_FIELDS],
);

/** Whether the projection holds the case yet, and its conclusion: its report reads from there. */
export const LOOK_BACK_CASE_INDEXED = operation<LookBackCaseIndexedQuery, LookBackCaseIndexedQueryVariables>(/* GraphQL */ `
  query LookBackCaseIndexed($caseId: String!) {
    lookBackCase(caseId: $caseId) {
      caseId
      conclusion {
        outcome
      }
    }
  }
`);

/** The 50 cases opened last, all of them, those the regulator concluded, or those not concluded yet. */
export const LOOK_BACK_CASES = operation<LookBackCasesQuery, LookBackCasesQueryVariables>(
  /* GraphQL */ `
    query LookBackCases($concluded: Boolean) {
      lookBackCases(concluded: $concluded, first: 50) {
        caseId
        reason
        status
        scope {
          kind
          mspId
        }
        openedAt
        counts {
          ...LookBackCountsFields
        }
        conclusion {
          outcome
          concludedAt
        }
      }
    }
  `,
  [LOOK_BACK_COUNTS_FIELDS],
);

/** The regulator's conclusion of a complete case, signed with their password entered again. */
export const CONCLUDE_LOOK_BACK = operation<ConcludeLookBackMutation, ConcludeLookBackMutationVariables>(/* GraphQL */ `
  mutation ConcludeLookBack($caseId: String!, $conclusion: LookBackConclusionInput!, $password: String!) {
    concludeLookBack(caseId: $caseId, conclusion: $conclusion, password: $password) {
      caseId
      conclusion {
        outcome
      }
    }
  }
`);

/** Where the vials of these lots went: their cases, and to whom and when each shipped case went. */
export const LOT_DISTRIBUTION = operation<LotDistributionQuery, LotDistributionQueryVariables>(/* GraphQL */ `
  query LotDistribution($lotIds: [String!]!) {
    lotDistribution(lotIds: $lotIds) {
      lotId
      status
      unitCount
      packedUnitCount
      shippedUnitCount
      cases {
        caseCode
        count
        units
        status
        packedAt
        shipment {
          shipmentId
          destination
          shippedAt
        }
      }
    }
  }
`);

export const REQUEST_LOOK_BACK = operation<RequestLookBackMutation, RequestLookBackMutationVariables>(/* GraphQL */ `
  mutation RequestLookBack($donorPseudonym: String!, $reason: String!, $window: LookBackWindowInput!) {
    requestLookBack(donorPseudonym: $donorPseudonym, reason: $reason, window: $window) {
      requestId
      status
    }
  }
`);

/** The 50 oldest requests waiting: what the query's cost limit lets one page read with who asked each. */
export const LOOK_BACK_REQUESTS = operation<LookBackRequestsQuery, LookBackRequestsQueryVariables>(
  /* GraphQL */ `
    query LookBackRequests {
      lookBackRequests(status: "requested", first: 50) {
        requestId
        donorPseudonym
        reason
        requestedAt
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS],
);

export const CONFIRM_LOOK_BACK_REQUEST = operation<ConfirmLookBackRequestMutation, ConfirmLookBackRequestMutationVariables>(
  /* GraphQL */ `
    mutation ConfirmLookBackRequest($requestId: String!) {
      confirmLookBackRequest(requestId: $requestId) {
        ...LookBackProgressFields
      }
    }
  `,
  [LOOK_BACK_PROGRESS_FIELDS],
);

export const DECLINE_LOOK_BACK_REQUEST = operation<DeclineLookBackRequestMutation, DeclineLookBackRequestMutationVariables>(/* GraphQL */ `
  mutation DeclineLookBackRequest($requestId: String!, $decline: ReasonInput!) {
    declineLookBackRequest(requestId: $requestId, decline: $decline) {
      requestId
      status
    }
  }
`);

/** Whether the projection holds a request yet (the page lists what it holds). */
export const LOOK_BACK_REQUEST_INDEXED = operation<LookBackRequestIndexedQuery, LookBackRequestIndexedQueryVariables>(/* GraphQL */ `
  query LookBackRequestIndexed($requestId: String!) {
    lookBackRequest(requestId: $requestId) {
      requestId
      status
    }
  }
`);
