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
  type SignatureMeaning,
} from '@plasma/chaincode';
import { ErrorCode, GatewayError } from '../errors';
import type { PersonLedger } from '../ledger/person-ledger';
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

  async function signWithPassword(actor: Actor, password: string, lotId: string, meaning: ReleaseMeaning): Promise<ElectronicSignature> {
    assertSigner(actor, meaning);
    return signing.withPassword(actor, password, meaning, releaseRecord(lotId, meaning));
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
    assertSigner(actor, meaning);
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

  /** Submits the QA release as the QP with both signatures, then forgets them; answers the lot as QA released it. */
  async function submitQaRelease(actor: Actor, lotId: string): Promise<Lot> {
    const pending = await pendingQaSignatures(lotId);
    if (!pending.some((s) => s.meaning === 'qa-review') || !pending.some((s) => s.meaning === 'qp-release')) {
      throw new GatewayError(ErrorCode.Conflict, `lot ${lotId} needs both the QA reviewer's and the QP's signature before its QA release`);
    }
    const { result } = await ledger.submit(actor, 'Lot:QaRelease', [lotId, JSON.stringify(pending)]);
    await pool.query('DELETE FROM release_signatures WHERE lot_id = $1', [lotId]);
    return decode(result) as Lot;
  }

  /**
   * Keeps a QA release signature until the other one is given. When the QP signs and the review is signed, the
   * release is submitted at once.
   */
  async function giveQaSignature(actor: Actor, lotId: string, signature: ElectronicSignature): Promise<QaReleaseSigning> {
    const meaning = signature.meaning as QaMeaning;
    await pool.query(
      `INSERT INTO release_signatures (lot_id, meaning, signer_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lot_id, meaning) DO UPDATE SET signer_id = EXCLUDED.signer_id, signature = EXCLUDED.signature, signed_at = EXCLUDED.signed_at`,
      [lotId, meaning, actor.person.id, JSON.stringify(signature), signature.signedAt],
    );
    const pending = await pendingQaSignatures(lotId);
    if (meaning === 'qp-release' && pending.some((s) => s.meaning === 'qa-review')) {
      return { lotId, lot: await submitQaRelease(actor, lotId), waitingFor: null, signedWaiting: [] };
    }
    const signedWaiting = pending.map(({ meaning: m, signerName, signedAt }) => ({ meaning: m, signerName, signedAt }));
    return { lotId, lot: null, waitingFor: meaning === 'qa-review' ? 'qp-release' : 'qa-review', signedWaiting };
  }

  const releaseByRegulator = async (actor: Actor, lotId: string, signature: ElectronicSignature): Promise<Lot> =>
    decode((await ledger.submit(actor, 'Lot:RegulatorRelease', [lotId, JSON.stringify(signature)])).result) as Lot;

  return {
    /** The QA reviewer (qa-review) or the QP (qp-release) signs the QA release dossier with their password again. */
    signQaRelease: async (actor: Actor, password: string, lotId: string, meaning: QaMeaning): Promise<QaReleaseSigning> =>
      giveQaSignature(actor, lotId, await signWithPassword(actor, password, lotId, meaning)),

    /** The same signature, made with a third-party certificate over `releaseSigningPayload`'s payload. */
    signQaReleaseWithCertificate: async (
      actor: Actor,
      lotId: string,
      meaning: QaMeaning,
      given: CertificateSignature,
    ): Promise<QaReleaseSigning> => giveQaSignature(actor, lotId, await signedWithCertificate(actor, lotId, meaning, given)),

    /** The QP submits a QA release whose two signatures are both waiting. */
    completeQaRelease: submitQaRelease,

    /** The regulator's lot release (批签发): signed and submitted in one step. */
    regulatorRelease: async (actor: Actor, password: string, lotId: string): Promise<Lot> =>
      releaseByRegulator(actor, lotId, await signWithPassword(actor, password, lotId, 'regulator-lot-release')),

    regulatorReleaseWithCertificate: async (actor: Actor, lotId: string, given: CertificateSignature): Promise<Lot> =>
      releaseByRegulator(actor, lotId, await signedWithCertificate(actor, lotId, 'regulator-lot-release', given)),

    /** What `actor` signs with a third-party certificate for `lotId`'s release (record-signing's payload). */
    releaseSigningPayload(actor: Actor, lotId: string, meaning: ReleaseMeaning): Promise<SigningPayload> {
      assertSigner(actor, meaning);
      return signing.payload(actor, meaning, releaseRecord(lotId, meaning));
    },
  };
}
