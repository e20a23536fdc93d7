// Signing a lot's release: the QA reviewer's and the QP's signatures over the QA release dossier (the QP's, given
// after the review, submits the release), and the regulator's lot release (批签发). Each with the signer's
// password entered again; the gateway signs with the signer's own key.
import type { Lot } from '@plasma/chaincode/browser';
import type { Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';
import type { WaitingSignature } from './dossier-operations';

type LotStatus = Selected<Lot, 'lotId' | 'status'>;

/** What a QA release signature came to: the lot released by QA, or the signature waiting in the gateway for the other one. */
export interface QaReleaseSigning {
  readonly lotId: string;
  /** The lot as QA released it; null while a signature is missing. */
  readonly lot: LotStatus | null;
  /** The signature the release still waits for, qa-review or qp-release; null once submitted. */
  readonly waitingFor: string | null;
  readonly signedWaiting: readonly WaitingSignature[];
}

export const SIGN_LOT_QA_RELEASE = operation<
  { signLotQaRelease: QaReleaseSigning },
  { lotId: string; signature: 'QA_REVIEW' | 'QP_RELEASE'; password: string }
>(/* GraphQL */ `
  mutation SignLotQaRelease($lotId: String!, $signature: QaReleaseSignature!, $password: String!) {
    signLotQaRelease(lotId: $lotId, signature: $signature, password: $password) {
      lotId lot { lotId status } waitingFor signedWaiting { meaning signerName signedAt }
    }
  }`);

export const COMPLETE_LOT_QA_RELEASE = operation<{ completeLotQaRelease: LotStatus }, { lotId: string }>(/* GraphQL */ `
  mutation CompleteLotQaRelease($lotId: String!) { completeLotQaRelease(lotId: $lotId) { lotId status } }`);

export const RELEASE_LOT_BY_REGULATOR = operation<{ releaseLotByRegulator: LotStatus }, { lotId: string; password: string }>(/* GraphQL */ `
  mutation ReleaseLotByRegulator($lotId: String!, $password: String!) { releaseLotByRegulator(lotId: $lotId, password: $password) { lotId status } }`);
