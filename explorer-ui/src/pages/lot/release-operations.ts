// Signing a lot's release: the QA reviewer's and the QP's signatures over the QA release dossier (the QP's, given
// after the review, submits the release), and the regulator's lot release (批签发). Each with the signer's
// password entered again; the gateway signs with the signer's own key.
import type {
  CompleteLotQaReleaseMutation,
  CompleteLotQaReleaseMutationVariables,
  ReleaseLotByRegulatorMutation,
  ReleaseLotByRegulatorMutationVariables,
  SignLotQaReleaseMutation,
  SignLotQaReleaseMutationVariables,
} from '../../graphql/generated/operations';
import { WAITING_SIGNATURE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

/**
 * What a QA release signature came to: the lot released by QA (lot; null while a signature is missing), or the
 * signature waiting in the gateway for the other one (waitingFor, qa-review or qp-release; null once submitted).
 */
export const SIGN_LOT_QA_RELEASE = operation<SignLotQaReleaseMutation, SignLotQaReleaseMutationVariables>(
  /* GraphQL */ `
    mutation SignLotQaRelease($lotId: String!, $signature: QaReleaseSignature!, $password: String!) {
      signLotQaRelease(lotId: $lotId, signature: $signature, password: $password) {
        lotId
        lot {
          lotId
          status
        }
        waitingFor
        signedWaiting {
          ...WaitingSignatureFields
        }
      }
    }
  `,
  [WAITING_SIGNATURE_FIELDS],
);

export const COMPLETE_LOT_QA_RELEASE = operation<CompleteLotQaReleaseMutation, CompleteLotQaReleaseMutationVariables>(/* GraphQL */ `
  mutation CompleteLotQaRelease($lotId: String!) {
    completeLotQaRelease(lotId: $lotId) {
      lotId
      status
    }
  }
`);

export const RELEASE_LOT_BY_REGULATOR = operation<ReleaseLotByRegulatorMutation, ReleaseLotByRegulatorMutationVariables>(/* GraphQL */ `
  mutation ReleaseLotByRegulator($lotId: String!, $password: String!) {
    releaseLotByRegulator(lotId: $lotId, password: $password) {
      lotId
      status
    }
  }
`);
