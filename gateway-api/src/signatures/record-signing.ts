// Electronic signatures over a record the ledger holds (Part 11 §11.50, §11.200; 004 §7.1.3). The chaincode answers
// the record a signature binds to and its digest (a Get…Record query taking the signed transaction's own arguments);
// the signer either enters their password again, and their own key (in their device, or the one the gateway keeps)
// signs the digest with their name, printed name, time and meaning; or, where the meaning allows it, signs the same
// payload with a certificate of an e-signature authority the consortium lists (seed 001 Q5) and sends the signature
// back. The chaincode verifies every signature again when the signed transaction is submitted.
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import {
  canonicalSignature,
  commonNameOf,
  printedNameOf,
  roleSigningPayload,
  type ElectronicSignature,
  type SignatureMeaning,
  signingPayload,
} from '@plasma/chaincode';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { PersonLedger, TransactionName } from '../ledger/person-ledger';
import type { Actor } from '../people/actor';
import type { ElectronicSignatures } from '../people/signatures';

/** The record a signature binds to: a chaincode query answering `{ record, digest }`, with its arguments. */
export interface RecordToSign {
  readonly query: TransactionName;
  readonly args: readonly string[];
}

export type UnsignedSignature = Omit<ElectronicSignature, 'certificate' | 'signature' | 'roleSignature'>;

/** A signature made with a third-party certificate over `payload`'s bytes, as its client sends it back. */
export interface CertificateSignature {
  /** The time the payload named. */
  readonly signedAt: string;
  /** The signer's certificate (PEM) from a listed e-signature authority. */
  readonly certificate: string;
  /** ECDSA P-256 over the payload's SHA-256, base64: DER, or the 64 bytes r‖s. */
  readonly signature: string;
}

/** What a signer signs with a third-party certificate: the signature's fields and the exact bytes of its payload. */
export interface SigningPayload extends UnsignedSignature {
  readonly printedName: string;
  readonly roleCertificate: string;
  readonly payload: string;
}

export interface RecordSigningOptions {
  readonly ledger: PersonLedger;
  readonly signatures: ElectronicSignatures;
}

/** A signature made with a card comes back within an hour of its payload, and not from the future. */
const MAX_CERTIFICATE_SIGNING_MS = 60 * 60_000;
const CLOCK_SKEW_MS = 60_000;

const decode = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

/** The certificate the person acts under from their organisation's CA: their device's, or the one the gateway keeps. */
export const roleCertificateOf = (actor: Actor): string => actor.device?.certificate ?? actor.person.certificate;

/** Refuses a signer whose role does not give `meaning`, before any password is asked: the ledger would refuse it. */
export function assertSignerRole(actor: Actor, meaning: SignatureMeaning, roles: readonly string[]): void {
  const { person } = actor;
  if (!roles.includes(person.role)) {
    throw new GatewayError(
      ErrorCode.Forbidden,
      `a ${meaning} signature is given by a person with role ${roles.join(' or ')}; ${person.username} of ${person.org} is ${person.role}`,
    );
  }
}

export type RecordSigning = ReturnType<typeof recordSigning>;

export function recordSigning({ ledger, signatures }: RecordSigningOptions) {
  /** `actor`'s signature of `record` as the ledger holds it now, but its certificate and the signature itself. */
  async function unsignedSignature(
    actor: Actor,
    meaning: SignatureMeaning,
    record: RecordToSign,
    signedAt: string,
    roleCertificate?: string,
  ): Promise<UnsignedSignature> {
    const { person } = actor;
    const { digest } = decode(await ledger.evaluate(actor, record.query, record.args)) as { digest: string };
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

  async function confirmPassword(actor: Actor, password: string): Promise<void> {
    if (!(await signatures.verifyPasswordForSignature(actor.person, password))) {
      throw new GatewayError(
        ErrorCode.Forbidden,
        'the password does not match: an electronic signature needs your own password entered again',
        {
          field: 'password',
        },
      );
    }
  }

  async function withConfirmedPassword(actor: Actor, meaning: SignatureMeaning, record: RecordToSign): Promise<ElectronicSignature> {
    const unsigned = await unsignedSignature(actor, meaning, record, new Date().toISOString());
    const signed = await signatures.signRecord(actor, Buffer.from(signingPayload(unsigned), 'utf8'));
    return { ...unsigned, certificate: signed.certificate, signature: signed.signature };
  }

  return {
    /** `actor`'s password entered again for a signature, checked (and counted against guessing): FORBIDDEN naming `password` unless it matches. */
    confirmPassword,

    /** Signs `record` with `actor`'s own key, once confirmPassword has checked their password. */
    withConfirmedPassword,

    /**
     * The signature `actor` made with a third-party certificate, checked: made lately, over this record's payload, by a
     * certificate in the name their organisation registered for them; then signed with their own key too
     * (roleSignature), which binds the third-party certificate to the person the ledger knows.
     */
    async withCertificate(
      actor: Actor,
      meaning: SignatureMeaning,
      record: RecordToSign,
      given: CertificateSignature,
    ): Promise<ElectronicSignature> {
      const age = Date.now() - Date.parse(given.signedAt);
      if (!(age >= -CLOCK_SKEW_MS && age <= MAX_CERTIFICATE_SIGNING_MS)) {
        throw validationError('signed.signedAt', 'must be the signedAt of the signing payload, answered within the last hour');
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
      const unsigned = await unsignedSignature(actor, meaning, record, given.signedAt, roleCertificate);
      const payload = Buffer.from(signingPayload(unsigned), 'utf8');
      const key = createPublicKey(certificate.publicKey.export({ type: 'spki', format: 'pem' }));
      if (key.asymmetricKeyType !== 'ec' || !verify('sha256', payload, { key, dsaEncoding: 'der' }, der)) {
        throw validationError(
          'signed.signature',
          "does not verify against the certificate over this record's payload: sign exactly its bytes",
        );
      }
      const own = await signatures.signRecord(
        actor,
        Buffer.from(roleSigningPayload({ ...unsigned, certificate: given.certificate }), 'utf8'),
      );
      return { ...unsigned, certificate: given.certificate, roleSignature: own.signature, signature: der.toString('base64') };
    },

    /**
     * What `actor` signs with a third-party certificate for `record`: the signature's fields, timed now and naming their
     * certificate from their organisation's CA as its role certificate, and the payload's bytes (base64).
     */
    async payload(actor: Actor, meaning: SignatureMeaning, record: RecordToSign): Promise<SigningPayload> {
      const roleCertificate = roleCertificateOf(actor);
      const unsigned = await unsignedSignature(actor, meaning, record, new Date().toISOString(), roleCertificate);
      return {
        ...unsigned,
        printedName: printedNameOf(roleCertificate),
        roleCertificate,
        payload: Buffer.from(signingPayload(unsigned), 'utf8').toString('base64'),
      };
    },
  };
}
