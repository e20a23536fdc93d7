// Lot release with electronic signatures. A signer either enters their password again, and the gateway has their own
// key (in their device, or the one it keeps) sign the release record's digest with their name, printed name, time and
// meaning; or signs that payload with a certificate of an e-signature authority the consortium lists (seed 001 Q5)
// wherever its key is (a smart card, a vendor's signing tool) and sends the signature back. The chaincode verifies
// every signature when the release is submitted. QA release needs the QA reviewer's and the QP's signatures; the QP
// submits it once both exist.
import type { Pool } from 'pg';
import {
  type ElectronicSignature,
  type Lot,
  QA_RELEASE_SIGNER_ROLE,
  REGULATOR_SIGNER_ROLE,
  SIGNATURE_STAND_IN,
  type SignatureMeaning,
} from '@plasma/chaincode';
import { ErrorCode, GatewayError } from '../errors';
import type { PersonLedger, SubmitOptions } from '../ledger/person-ledger';
import type { Actor } from '../people/actor';
import {
  assertSignerRole,
  type CertificateSignature,
  type RecordSigning,
  type RecordToSign,
  type SigningPayload,
} from '../signatures/record-signing';

export interface LotReleaseOptions {
  readonly pool: Pool;
  readonly ledger: PersonLedger;
  readonly signing: RecordSigning;
}

/** What a QA release signature came to: the lot released by QA, or the signature waiting for the other one. */
export interface QaReleaseSigning {
  readonly lotId: string;
  readonly lot: Lot | null;
  readonly waitingFor: 'qa-review' | 'qp-release' | null;
  readonly signedWaiting: readonly { meaning: SignatureMeaning; signerName: string; signedAt: string }[];
}

/** The release signatures, each with the role that gives it and the release record it signs. */
const RELEASE = {
  'qa-review': { role: QA_RELEASE_SIGNER_ROLE['qa-review'], stage: 'qa' },
  'qp-release': { role: QA_RELEASE_SIGNER_ROLE['qp-release'], stage: 'qa' },
  'regulator-lot-release': { role: REGULATOR_SIGNER_ROLE, stage: 'regulator' },
} as const;
export type ReleaseMeaning = keyof typeof RELEASE;
type QaMeaning = 'qa-review' | 'qp-release';

const releaseRecord = (lotId: string, meaning: ReleaseMeaning): RecordToSign => ({
  query: 'Lot:GetReleaseRecord',
  args: [lotId, RELEASE[meaning].stage],
});

const decode = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

export function lotRelease({ pool, ledger, signing }: LotReleaseOptions) {
  /** Checked here as the ledger will, before any signing: a signature the ledger would refuse must not wait at all. */
  const assertSigner = (actor: Actor, meaning: ReleaseMeaning): void => assertSignerRole(actor, meaning, [RELEASE[meaning].role]);

  /**
   * The lot as `release` first answered a repeat of this request (PersonLedger.answered), asked once the signer is
   * known to be one who may: a release committed already has nothing left to sign. Undefined when it is no repeat.
   */
  async function releasedBefore(
    actor: Actor,
    release: 'Lot:QaRelease' | 'Lot:RegulatorRelease',
    lotId: string,
    request: SubmitOptions,
  ): Promise<Lot | undefined> {
    const signatures = release === 'Lot:QaRelease' ? [SIGNATURE_STAND_IN] : SIGNATURE_STAND_IN;
    const first = await ledger.answered(actor, release, [lotId, JSON.stringify(signatures)], request);
    return first && (decode(first.result) as Lot);
  }

  /**
   * The signature `actor` made with a third-party certificate, checked before it waits or is submitted (record-signing),
   * then by the ledger as the release will check it (Lot:GetReleaseSignatureCheck), so no signature the ledger would
   * refuse waits to block the release.
   */
  async function signedWithCertificate(
    actor: Actor,
    lotId: string,
    meaning: ReleaseMeaning,
    given: CertificateSignature,
  ): Promise<ElectronicSignature> {
    const signature = await signing.withCertificate(actor, meaning, releaseRecord(lotId, meaning), given);
    await ledger.evaluate(actor, 'Lot:GetReleaseSignatureCheck', [lotId, JSON.stringify(signature)]);
    return signature;
  }

  async function pendingQaSignatures(lotId: string): Promise<ElectronicSignature[]> {
    const { rows } = await pool.query<{ signature: ElectronicSignature }>('SELECT signature FROM release_signatures WHERE lot_id = $1', [
      lotId,
    ]);
    return rows.map((r) => r.signature);
  }

  /** The two QA release signatures waiting for `lotId`; CONFLICT unless both are. */
  async function bothQaSignatures(lotId: string): Promise<ElectronicSignature[]> {
    const pending = await pendingQaSignatures(lotId);
    if (!pending.some((s) => s.meaning === 'qa-review') || !pending.some((s) => s.meaning === 'qp-release')) {
      throw new GatewayError(ErrorCode.Conflict, `lot ${lotId} needs both the QA reviewer's and the QP's signature before its QA release`);
    }
    return pending;
  }

  /** Submits the QA release as the QP with both signatures, then forgets them; answers the lot as QA released it. */
  async function submitQaRelease(
    actor: Actor,
    lotId: string,
    pending: readonly ElectronicSignature[],
    request: SubmitOptions,
  ): Promise<Lot> {
    const { result } = await ledger.submit(actor, 'Lot:QaRelease', [lotId, JSON.stringify(pending)], request);
    await pool.query('DELETE FROM release_signatures WHERE lot_id = $1', [lotId]);
    return decode(result) as Lot;
  }

  /**
   * Keeps a QA release signature until the other one is given. When the QP signs and the review is signed, the
   * release is submitted at once.
   */
  async function giveQaSignature(
    actor: Actor,
    lotId: string,
    signature: ElectronicSignature,
    request: SubmitOptions,
  ): Promise<QaReleaseSigning> {
    const meaning = signature.meaning as QaMeaning;
    await pool.query(
      `INSERT INTO release_signatures (lot_id, meaning, signer_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lot_id, meaning) DO UPDATE SET signer_id = EXCLUDED.signer_id, signature = EXCLUDED.signature, signed_at = EXCLUDED.signed_at`,
      [lotId, meaning, actor.person.id, JSON.stringify(signature), signature.signedAt],
    );
    const pending = await pendingQaSignatures(lotId);
    if (meaning === 'qp-release' && pending.some((s) => s.meaning === 'qa-review')) {
      return { lotId, lot: await submitQaRelease(actor, lotId, pending, request), waitingFor: null, signedWaiting: [] };
    }
    const signedWaiting = pending.map(({ meaning: m, signerName, signedAt }) => ({ meaning: m, signerName, signedAt }));
    return { lotId, lot: null, waitingFor: meaning === 'qa-review' ? 'qp-release' : 'qa-review', signedWaiting };
  }

  const releaseByRegulator = async (actor: Actor, lotId: string, signature: ElectronicSignature, request: SubmitOptions): Promise<Lot> =>
    decode((await ledger.submit(actor, 'Lot:RegulatorRelease', [lotId, JSON.stringify(signature)], request)).result) as Lot;

  /** A QA release signature given: the QP's repeat of a release that committed answers the lot it released. */
  async function qaSigned(
    actor: Actor,
    lotId: string,
    meaning: QaMeaning,
    request: SubmitOptions,
    sign: () => Promise<ElectronicSignature>,
  ): Promise<QaReleaseSigning> {
    const released = meaning === 'qp-release' ? await releasedBefore(actor, 'Lot:QaRelease', lotId, request) : undefined;
    if (released) return { lotId, lot: released, waitingFor: null, signedWaiting: [] };
    return giveQaSignature(actor, lotId, await sign(), request);
  }

  /** The regulator's release signed and submitted, or the one this request made answered again. */
  async function regulatorReleased(
    actor: Actor,
    lotId: string,
    request: SubmitOptions,
    sign: () => Promise<ElectronicSignature>,
  ): Promise<Lot> {
    return (await releasedBefore(actor, 'Lot:RegulatorRelease', lotId, request)) ?? releaseByRegulator(actor, lotId, await sign(), request);
  }

  return {
    /** The QA reviewer (qa-review) or the QP (qp-release) signs the QA release dossier with their password again. */
    signQaRelease: async (
      actor: Actor,
      password: string,
      lotId: string,
      meaning: QaMeaning,
      request: SubmitOptions = {},
    ): Promise<QaReleaseSigning> => {
      assertSigner(actor, meaning);
      await signing.confirmPassword(actor, password);
      return qaSigned(actor, lotId, meaning, request, () => signing.withConfirmedPassword(actor, meaning, releaseRecord(lotId, meaning)));
    },

    /** The same signature, made with a third-party certificate over `releaseSigningPayload`'s payload. */
    signQaReleaseWithCertificate: async (
      actor: Actor,
      lotId: string,
      meaning: QaMeaning,
      given: CertificateSignature,
      request: SubmitOptions = {},
    ): Promise<QaReleaseSigning> => {
      assertSigner(actor, meaning);
      return qaSigned(actor, lotId, meaning, request, () => signedWithCertificate(actor, lotId, meaning, given));
    },

    /** The QP submits a QA release whose two signatures are both waiting (or answers again the one they submitted). */
    completeQaRelease: async (actor: Actor, lotId: string, request: SubmitOptions = {}): Promise<Lot> =>
      (await releasedBefore(actor, 'Lot:QaRelease', lotId, request)) ??
      submitQaRelease(actor, lotId, await bothQaSignatures(lotId), request),

    /** The regulator's lot release (批签发): signed and submitted in one step. */
    regulatorRelease: async (actor: Actor, password: string, lotId: string, request: SubmitOptions = {}): Promise<Lot> => {
      assertSigner(actor, 'regulator-lot-release');
      await signing.confirmPassword(actor, password);
      return regulatorReleased(actor, lotId, request, () =>
        signing.withConfirmedPassword(actor, 'regulator-lot-release', releaseRecord(lotId, 'regulator-lot-release')),
      );
    },

    regulatorReleaseWithCertificate: async (
      actor: Actor,
      lotId: string,
      given: CertificateSignature,
      request: SubmitOptions = {},
    ): Promise<Lot> => {
      assertSigner(actor, 'regulator-lot-release');
      return regulatorReleased(actor, lotId, request, () => signedWithCertificate(actor, lotId, 'regulator-lot-release', given));
    },

    /** What `actor` signs with a third-party certificate for `lotId`'s release (record-signing's payload). */
    releaseSigningPayload(actor: Actor, lotId: string, meaning: ReleaseMeaning): Promise<SigningPayload> {
      assertSigner(actor, meaning);
      return signing.payload(actor, meaning, releaseRecord(lotId, meaning));
    },
  };
}
