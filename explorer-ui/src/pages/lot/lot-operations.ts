// What may be done to a lot besides signing its release: making it from tested pools, holding it, lifting a hold,
// recalling it, recording a batch-record step, raising a deviation and closing it with its CAPA.
import type {
  CloseDeviationMutation,
  CloseDeviationMutationVariables,
  CreateLotMutation,
  CreateLotMutationVariables,
  RaiseDeviationMutation,
  RaiseDeviationMutationVariables,
  PlaceLotOnHoldMutation,
  PlaceLotOnHoldMutationVariables,
  RecallLotMutation,
  RecallLotMutationVariables,
  RecordProcessStepMutation,
  RecordProcessStepMutationVariables,
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

export const RAISE_DEVIATION = operation<RaiseDeviationMutation, RaiseDeviationMutationVariables>(/* GraphQL */ `
  mutation RaiseDeviation($lotId: String!, $deviation: DeviationInput!) {
    raiseDeviation(lotId: $lotId, deviation: $deviation) {
      deviationId
      status
    }
  }
`);

export const CLOSE_DEVIATION = operation<CloseDeviationMutation, CloseDeviationMutationVariables>(/* GraphQL */ `
  mutation CloseDeviation($lotId: String!, $deviationId: String!, $capa: CapaInput!) {
    closeDeviation(lotId: $lotId, deviationId: $deviationId, capa: $capa) {
      deviationId
      status
    }
  }
`);

export const CREATE_LOT = operation<CreateLotMutation, CreateLotMutationVariables>(/* GraphQL */ `
  mutation CreateLot($lot: LotInput!) {
    createLot(lot: $lot) {
      lotId
      status
    }
  }
`);

export const RECORD_PROCESS_STEP = operation<RecordProcessStepMutation, RecordProcessStepMutationVariables>(/* GraphQL */ `
  mutation RecordProcessStep($lotId: String!, $step: ProcessStepInput!) {
    recordProcessStep(lotId: $lotId, step: $step) {
      seq
      outOfRange
    }
  }
`);
