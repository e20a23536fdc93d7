// The electronic signature as a record (21 CFR 11 §11.50): what it means, what its signer signs, and its shape,
// validated on every read and write. Apart from its verification (electronic-signature.ts), which reads the registry,
// so that the registry and every record holding signatures can read them without a cycle.
import { MSP_ID_RULE } from '../consortium/organisation';
import { toCanonicalJson } from '../ledger/canonical';
import { canonicalDigest, sha256Hex } from '../ledger/digest';
import { ISO_INSTANT_RULE } from '../time';
import { matching, oneOf, readList, readObject, SHA256_HEX_RULE, text, OBJECT_RULE, withoutUndefined } from '../validation';
import { derHexOf, PEM_RULE } from './certificate';
import { SIGNATURE_MEANINGS, type SignatureMeaning } from './meanings';

export { SIGNATURE_MEANINGS, type SignatureMeaning } from './meanings';

/** The record a signature is bound to: its kind, its id, and the content the signer approves. */
export interface SignableRecord {
  readonly type: string;
  readonly id: string;
  readonly content: unknown;
}

/** Meanings a signer may give with a certificate of an e-signature authority the consortium lists (seed 001 Q5). */
export const THIRD_PARTY_MEANINGS: readonly SignatureMeaning[] = ['qa-review', 'qp-release', 'regulator-lot-release'];

export interface ElectronicSignature {
  readonly meaning: SignatureMeaning;
  /** The common name of the signer's certificate from their organisation's CA: the person as the ledger knows them. */
  readonly signerName: string;
  /**
   * The signer's printed full name (Part 11 §11.50), signed with the rest: the `name` attribute of their organisation's
   * certificate, or its common name where it has none; the subject of a third-party certificate. Every new signature
   * has one; a signature recorded before printed names were signed has none.
   */
  readonly printedName?: string;
  /** The organisation whose CA issued the signer's certificate. */
  readonly mspId: string;
  readonly signedAt: string;
  /** SHA-256 of the canonical JSON of the signed record. */
  readonly recordDigest: string;
  /**
   * The certificate whose key made the signature, PEM: anyone can verify it again from the record alone. Issued by the
   * organisation's CA, or by a listed e-signature authority when `roleCertificate` is given.
   */
  readonly certificate: string;
  /**
   * With a third-party `certificate` only: the signer's certificate from their organisation's CA, which names them
   * (`signerName`, the `name` attribute) and their role.
   */
  readonly roleCertificate?: string;
  /**
   * With `roleCertificate` only: its key's signature over roleSigningPayload (the same payload and this card), so that
   * the person the role certificate names makes the signature too, not whoever holds a card in their name and a copy of
   * their certificate.
   */
  readonly roleSignature?: string;
  /** ECDSA P-256 / SHA-256 signature, DER, base64, over `signingPayload(...)`. */
  readonly signature: string;
}

/** Who may sign with a given meaning. */
export interface SignatureRequirement {
  readonly meaning: SignatureMeaning;
  /** Accepted values of the `role` attribute of the signer's certificate. */
  readonly roles: readonly string[];
  /** Organisations whose CA may have issued the signer's certificate. */
  readonly mspIds: readonly string[];
}

export const ELECTRONIC_SIGNATURE_FIELDS = [
  'meaning',
  'signerName',
  'printedName',
  'mspId',
  'signedAt',
  'recordDigest',
  'certificate',
  'roleCertificate',
  'roleSignature',
  'signature',
];
const SIGNATURE_RULE = matching(/^[A-Za-z0-9+/]{80,200}={0,2}$/, 'must be a DER ECDSA signature in base64');

export const recordDigest = (record: SignableRecord): string => canonicalDigest(record);

/**
 * The exact text a signer signs (UTF-8): the record's digest with the signer's name, printed name, organisation, time
 * and meaning, and the role certificate a third-party signature names, so none of them can be changed afterwards.
 */
export function signingPayload(
  signature: Pick<
    ElectronicSignature,
    'meaning' | 'signerName' | 'printedName' | 'mspId' | 'signedAt' | 'recordDigest' | 'roleCertificate'
  >,
): string {
  const { meaning, signerName, printedName, mspId, signedAt, recordDigest: digest, roleCertificate } = signature;
  return toCanonicalJson(withoutUndefined({ meaning, mspId, printedName, recordDigest: digest, roleCertificate, signedAt, signerName }));
}

/**
 * What the role certificate's key signs beside a third-party signature: the same payload and the SHA-256 of the card's
 * certificate (DER) that signs it, so the person's own act goes with that card's signature and no other.
 */
export function roleSigningPayload(
  signature: Pick<
    ElectronicSignature,
    'meaning' | 'signerName' | 'printedName' | 'mspId' | 'signedAt' | 'recordDigest' | 'roleCertificate' | 'certificate'
  >,
): string {
  return toCanonicalJson({
    certificateSha256: sha256Hex(Buffer.from(derHexOf(signature.certificate), 'hex')),
    payload: signingPayload(signature),
  });
}

/** Validates the shape of a signature (input or stored); verification is `acceptSignature`'s job. */
export function newElectronicSignature(value: unknown, name: string): ElectronicSignature {
  const fields = readObject(value, name, ELECTRONIC_SIGNATURE_FIELDS);
  return {
    meaning: fields.required('meaning', oneOf(SIGNATURE_MEANINGS)),
    signerName: fields.required('signerName', text(256)),
    ...withoutUndefined({ printedName: fields.optional('printedName', text(128)) }),
    mspId: fields.required('mspId', MSP_ID_RULE),
    signedAt: fields.required('signedAt', ISO_INSTANT_RULE),
    recordDigest: fields.required('recordDigest', SHA256_HEX_RULE),
    certificate: fields.required('certificate', PEM_RULE),
    ...withoutUndefined({
      roleCertificate: fields.optional('roleCertificate', PEM_RULE),
      roleSignature: fields.optional('roleSignature', SIGNATURE_RULE),
    }),
    signature: fields.required('signature', SIGNATURE_RULE),
  };
}

/** A list of signatures (input or stored), each validated as newElectronicSignature does; errors name `name[index]`. */
export function newElectronicSignatures(value: unknown, name: string, max = 10): ElectronicSignature[] {
  return readList(value, name, OBJECT_RULE, { min: 1, max }).map((entry, index) => newElectronicSignature(entry, `${name}[${index}]`));
}
