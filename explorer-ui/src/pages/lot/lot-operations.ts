// What may be done to a lot from its release dossier besides signing: holding it, lifting a hold, recalling it.
import type {
  PlaceLotOnHoldMutation,
  PlaceLotOnHoldMutationVariables,
  RecallLotMutation,
  RecallLotMutationVariables,
  ReleaseLotHoldMutation,
  ReleaseLotHoldMutationVariables,
} from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

export const PLACE_LOT_ON_HOLD = operation<PlaceLotOnHoldMutation, PlaceLotOnHoldMutationVariables>(/* GraphQL */ `
  mutation PlaceLotOnHold($lotId: String!, $hold: ReasonInput!) {
    placeLotOnHold(lotId: $lotId, hold: $hold) {
      lotId
      status
    }
  }
`);

export const RELEASE_LOT_HOLD = operation<ReleaseLotHoldMutation, ReleaseLotHoldMutationVariables>(/* GraphQL */ `
  mutation ReleaseLotHold($lotId: String!, $ref: String!, $reason: ReasonInput!) {
    releaseLotHold(lotId: $lotId, ref: $ref, reason: $reason) {
      lotId
      status
    }
  }
`);

export const RECALL_LOT = operation<RecallLotMutation, RecallLotMutationVariables>(/* GraphQL */ `
  mutation RecallLot($lotId: String!, $recall: ReasonInput!) {
    recallLot(lotId: $lotId, recall: $recall) {
      lotId
      status
    }
  }
`);
