// Signing a lot's release: the QA reviewer's and the QP's signatures over the QA release dossier (the QP's, given
// after the review, submits the release), and the regulator's lot release (批签发). Each with the signer's
// password entered again; the gateway signs with the signer's own key.
import { operation } from '../../graphql/operation';

/** The released lot, or, while the other signature is missing, what the signature waits for. */
export const SIGN_LOT_QA_RELEASE = operation<{ signLotQaRelease: { readonly waitingFor?: string } }, { lotId: string; signature: 'QA_REVIEW' | 'QP_RELEASE'; password: string }>(
  'mutation SignLotQaRelease($lotId: String!, $signature: QaReleaseSignature!, $password: String!) { signLotQaRelease(lotId: $lotId, signature: $signature, password: $password) }',
);

export const COMPLETE_LOT_QA_RELEASE = operation<{ completeLotQaRelease: unknown }, { lotId: string }>(
  'mutation CompleteLotQaRelease($lotId: String!) { completeLotQaRelease(lotId: $lotId) }',
);

export const RELEASE_LOT_BY_REGULATOR = operation<{ releaseLotByRegulator: unknown }, { lotId: string; password: string }>(
  'mutation ReleaseLotByRegulator($lotId: String!, $password: String!) { releaseLotByRegulator(lotId: $lotId, password: $password) }',
);
