// Lot release with electronic signatures. A signer either enters their password again, and the gateway has their own
// key (in their device, or the one it keeps) sign the release record's digest with their name, printed name, time and
// meaning; or signs that payload with a certificate of an e-signature authority the consortium lists (seed 001 Q5)
// wherever its key is (a smart card, a vendor's signing tool) and sends the signature back. The chaincode verifies
// every signature when the release is submitted. QA release needs the QA reviewer's and the QP's signatures; the QP
// submits it once both exist.
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import type { Pool } from 'pg';
import {
  canonicalSignature,
  commonNameOf,
  printedNameOf,
  roleSigningPayload,
  type ElectronicSignature,
  type Lot,
  QA_RELEASE_SIGNER_ROLE,
  type SignatureMeaning,
  signingPayload,
} from '@plasma/chaincode';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { PersonLedger } from '../ledger/person-ledger';
import type { ElectronicSignatures } from '../people/signatures';
import type { Actor } from '../people/actor';

export interface LotReleaseOptions {
  readonly pool: Pool;
  readonly ledger: PersonLedger;
  readonly signatures: ElectronicSignatures;
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
  'regulator-lot-release': { role: 'regulator', stage: 'regulator' },
} as const;
export type ReleaseMeaning = keyof typeof RELEASE;
type QaMeaning = 'qa-review' | 'qp-release';

type UnsignedSignature = Omit<ElectronicSignature, 'certificate' | 'signature' | 'roleSignature'>;

/** A signature made with a third-party certificate over `releaseSigningPayload`'s payload, as its client sends it back. */
export interface CertificateSignature {
  /** The time the payload named. */
  readonly signedAt: string;
  /** The signer's certificate (PEM) from a listed e-signature authority. */
  readonly certificate: string;
  /** ECDSA P-256 over the payload's SHA-256, base64: DER, or the 64 bytes r‖s. */
  readonly signature: string;
}

/** What a signer signs with a third-party certificate: the signature's fields and the exact bytes of its payload. */
export interface ReleaseSigningPayload extends UnsignedSignature {
  readonly printedName: string;
  readonly roleCertificate: string;
  readonly payload: string;
}

const decode = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

/** A signature made with a card comes back within an hour of its payload, and not from the future. */
const MAX_CERTIFICATE_SIGNING_MS = 60 * 60_000;
const CLOCK_SKEW_MS = 60_000;

export function lotRelease({ pool, ledger, signatures }: LotReleaseOptions) {
  /** Checked here as the ledger will, before any signing: a signature the ledger would refuse must not wait at all. */
  function assertSigner(actor: Actor, meaning: ReleaseMeaning): void {
    const { person } = actor;
    const { role } = RELEASE[meaning];
    if (person.role !== role) {
      throw new GatewayError(
        ErrorCode.Forbidden,
        `a ${meaning} signature is given by a person with role ${role}; ${person.username} of ${person.org} is ${person.role}`,
      );
    }
  }

  /** `actor`'s signature of `lotId`'s release as the ledger holds it now, but its certificate and the signature itself. */
  async function unsignedSignature(
    actor: Actor,
    lotId: string,
    meaning: ReleaseMeaning,
    signedAt: string,
    roleCertificate?: string,
  ): Promise<UnsignedSignature> {
    const { person } = actor;
    const { digest } = decode(await ledger.evaluate(actor, 'Lot:GetReleaseRecord', [lotId, RELEASE[meaning].stage])) as { digest: string };
    return {
      meaning,
      signerName: person.username,
      // The name their CA registered in the certificate they act under, as the ledger requires.
      printedName: printedNameOf(roleCertificateOf(actor)),
      mspId: person.mspId,
      signedAt,
      recordDigest: digest,
      ...(roleCertificate === undefined ? {} : { roleCertificate }),
    };
  }

  /** Signs the release record with `actor`'s own key, after checking their password again. */
  async function signWithPassword(actor: Actor, password: string, lotId: string, meaning: ReleaseMeaning): Promise<ElectronicSignature> {
    assertSigner(actor, meaning);
    if (!(await signatures.verifyPasswordForSignature(actor.person, password))) {
      throw new GatewayError(
        ErrorCode.Forbidden,
        'the password does not match: an electronic signature needs your own password entered again',
      );
    }
    const unsigned = await unsignedSignature(actor, lotId, meaning, new Date().toISOString());
    const signed = await signatures.signRecord(actor, Buffer.from(signingPayload(unsigned), 'utf8'));
    return { ...unsigned, certificate: signed.certificate, signature: signed.signature };
  }

  /**
   * The signature `actor` made with a third-party certificate, checked before it waits or is submitted: made lately,
   * over this release's payload, by a certificate in the name their organisation registered for them; then signed with
   * their own key too (roleSignature), and checked by the ledger as the release will check it (Lot:GetReleaseSignatureCheck),
   * so no signature the ledger would refuse waits to block the release.
   */
  async function signedWithCertificate(
    actor: Actor,
    lotId: string,
    meaning: ReleaseMeaning,
    given: CertificateSignature,
  ): Promise<ElectronicSignature> {
    assertSigner(actor, meaning);
    const age = Date.now() - Date.parse(given.signedAt);
    if (!(age >= -CLOCK_SKEW_MS && age <= MAX_CERTIFICATE_SIGNING_MS)) {
      throw validationError('signed.signedAt', 'must be the signedAt releaseSigningPayload answered within the last hour');
    }
    let certificate: X509Certificate;
    let named: string;
    try {
      certificate = new X509Certificate(given.certificate);
      named = commonNameOf(given.certificate);
    } catch {
      throw validationError('signed.certificate', 'must be one PEM X.509 certificate');
    }
    const roleCertificate = roleCertificateOf(actor);
    const printedName = printedNameOf(roleCertificate);
    if (named !== printedName) {
      throw validationError(
        'signed.certificate',
        `names ${named || 'nobody'}; it must name you as your organisation registered you (${printedName})`,
      );
    }
    const der = canonicalSignature(Buffer.from(given.signature, 'base64'));
    if (!der) throw validationError('signed.signature', 'must be an ECDSA P-256 signature in base64: DER, or the 64 bytes r‖s');
    const unsigned = await unsignedSignature(actor, lotId, meaning, given.signedAt, roleCertificate);
    const payload = Buffer.from(signingPayload(unsigned), 'utf8');
    const key = createPublicKey(certificate.publicKey.export({ type: 'spki', format: 'pem' }));
    if (key.asymmetricKeyType !== 'ec' || !verify('sha256', payload, { key, dsaEncoding: 'der' }, der)) {
      throw validationError(
        'signed.signature',
        "does not verify against the certificate over this release's payload: sign exactly its bytes",
      );
    }
    const own = await signatures.signRecord(
      actor,
      Buffer.from(roleSigningPayload({ ...unsigned, certificate: given.certificate }), 'utf8'),
    );
    const signature: ElectronicSignature = {
      ...unsigned,
      certificate: given.certificate,
      roleSignature: own.signature,
      signature: der.toString('base64'),
    };
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

    /**
     * What `actor` signs with a third-party certificate for `lotId`'s release: the signature's fields, timed now and
     * naming their certificate from their organisation's CA as its role certificate, and the payload's bytes (base64).
     */
    async releaseSigningPayload(actor: Actor, lotId: string, meaning: ReleaseMeaning): Promise<ReleaseSigningPayload> {
      assertSigner(actor, meaning);
      const roleCertificate = roleCertificateOf(actor);
      const unsigned = await unsignedSignature(actor, lotId, meaning, new Date().toISOString(), roleCertificate);
      return {
        ...unsigned,
        printedName: printedNameOf(roleCertificate),
        roleCertificate,
        payload: Buffer.from(signingPayload(unsigned), 'utf8').toString('base64'),
      };
    },
  };
}

/** The certificate the person acts under from their organisation's CA: their device's, or the one the gateway keeps. */
const roleCertificateOf = (actor: Actor): string => actor.device?.certificate ?? actor.person.certificate;
