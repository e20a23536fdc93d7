// Electronic signatures (21 CFR 11, EU Annex 11, seed 004 §7.1.3): a person's ECDSA signature over the
// canonical digest of a record, with signer name, time and meaning, from a certificate their organisation's CA
// issued. Bound to the record by its digest, and used once: a signature cannot be cut, copied or moved.
import type { Context } from 'fabric-contract-api';
import { findCaCertificate } from '../consortium/certificate-authority';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { canonicalDigest, sha256Hex } from '../ledger/digest';
import { readState, writeState } from '../ledger/state';
import { CLOCK_SKEW_MS, HOUR_MS, ISO_INSTANT_RULE, transactionTime } from '../time';
import { matching, oneOf, readObject, SHA256_HEX_RULE, text } from '../validation';
import { issuedBy, parseCertificate, PEM_RULE, validAt, verifiesSignature } from './certificate';

/** What a signature means; each signable function has its own, shown with the signature (Part 11 §11.50). */
export const SIGNATURE_MEANINGS = ['qa-review', 'qp-release', 'regulator-lot-release', 'destruction', 'rule-change'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/** The record a signature is bound to: its kind, its id, and the content the signer approves. */
export interface SignableRecord {
  readonly type: string;
  readonly id: string;
  readonly content: unknown;
}

export interface ElectronicSignature {
  readonly meaning: SignatureMeaning;
  /** The common name of the signer's certificate. */
  readonly signerName: string;
  /** The organisation whose CA issued the signer's certificate. */
  readonly mspId: string;
  readonly signedAt: string;
  /** SHA-256 of the canonical JSON of the signed record. */
  readonly recordDigest: string;
  /** The signer's certificate, PEM: anyone can verify the signature again from the record alone. */
  readonly certificate: string;
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

/** A signature may be made at most this long before the transaction that presents it. */
const MAX_SIGNATURE_AGE_MS = 24 * HOUR_MS;
const FIELDS = ['meaning', 'signerName', 'mspId', 'signedAt', 'recordDigest', 'certificate', 'signature'];
const SIGNATURE_RULE = matching(/^[A-Za-z0-9+/]{80,200}={0,2}$/, 'must be a DER ECDSA signature in base64');

export const recordDigest = (record: SignableRecord): string => canonicalDigest(record);

/** The exact text a signer signs (UTF-8): the record's digest with the signer's name, organisation, time and meaning. */
export function signingPayload(signature: Pick<ElectronicSignature, 'meaning' | 'signerName' | 'mspId' | 'signedAt' | 'recordDigest'>): string {
  const { meaning, signerName, mspId, signedAt, recordDigest: digest } = signature;
  return toCanonicalJson({ meaning, mspId, recordDigest: digest, signedAt, signerName });
}

/** Validates the shape of a signature (input or stored); verification is `acceptSignature`'s job. */
export function newElectronicSignature(value: unknown, name: string): ElectronicSignature {
  const fields = readObject(value, name, FIELDS);
  return {
    meaning: fields.required('meaning', oneOf(SIGNATURE_MEANINGS)),
    signerName: fields.required('signerName', text(256)),
    mspId: fields.required('mspId', MSP_ID_RULE),
    signedAt: fields.required('signedAt', ISO_INSTANT_RULE),
    recordDigest: fields.required('recordDigest', SHA256_HEX_RULE),
    certificate: fields.required('certificate', PEM_RULE),
    signature: fields.required('signature', SIGNATURE_RULE),
  };
}

const usedSignatureKey = (ctx: Context, signature: string): string =>
  ctx.stub.createCompositeKey('signature', [sha256Hex(Buffer.from(signature, 'base64'))]);

/** Verifies a signature presented with `record` (verifySignature) and records its use, so it is never accepted again. */
export async function acceptSignature(
  ctx: Context, value: unknown, field: string, record: SignableRecord, requirement: SignatureRequirement,
): Promise<ElectronicSignature> {
  const signature = await verifySignature(ctx, value, field, record, requirement);
  await recordSignatureUse(ctx, signature, record);
  return signature;
}

/**
 * Verifies a signature presented with `record`, writing nothing. Checks, in order: the meaning; the signer's
 * organisation; that it signs this record as the ledger holds it now; the certificate (common name = signer
 * name, issued by the organisation's registered CA, valid when signed, role allowed); the signing time; the
 * ECDSA signature; and that it was never used before.
 */
export async function verifySignature(
  ctx: Context, value: unknown, field: string, record: SignableRecord, requirement: SignatureRequirement,
): Promise<ElectronicSignature> {
  const signature = newElectronicSignature(value, field);
  const path = (key: string): string => `${field}.${key}`;
  if (signature.meaning !== requirement.meaning) {
    throw new ValidationError(path('meaning'), `must be ${requirement.meaning} for this record`);
  }
  if (!requirement.mspIds.includes(signature.mspId)) {
    throw new ForbiddenError(`a ${requirement.meaning} signature must come from ${requirement.mspIds.join(' or ')}, not ${signature.mspId}`);
  }
  const digest = recordDigest(record);
  if (signature.recordDigest !== digest) {
    throw new ValidationError(
      path('recordDigest'),
      `is not the digest of ${record.type} ${record.id} as the ledger holds it now (${digest}): ` +
        'the signature belongs to another record, or the record changed after it was signed',
    );
  }

  const certificate = parseCertificate(signature.certificate, path('certificate'));
  if (certificate.commonName !== signature.signerName) {
    throw new ValidationError(path('signerName'), `must be the common name of the certificate (${certificate.commonName})`);
  }
  const ca = await findCaCertificate(ctx, signature.mspId);
  if (ca === undefined) {
    throw new ForbiddenError(`${signature.mspId} has registered no certificate authority, so its signatures cannot be checked`);
  }
  if (!issuedBy(certificate, ca)) {
    throw new ForbiddenError(`the certificate of ${signature.signerName} was not issued by the certificate authority of ${signature.mspId}`);
  }
  if (!validAt(certificate, signature.signedAt)) {
    throw new ValidationError(path('signedAt'), `must fall within the certificate's validity (${certificate.notBefore} to ${certificate.notAfter})`);
  }
  const role = certificate.attributes.role ?? '';
  if (!requirement.roles.includes(role)) {
    throw new ForbiddenError(
      `a ${requirement.meaning} signature needs a signer with role ${requirement.roles.join(' or ')}; ${signature.signerName} has ${role || 'no role'}`,
    );
  }
  const now = Date.parse(transactionTime(ctx));
  const signedAt = Date.parse(signature.signedAt);
  if (signedAt > now + CLOCK_SKEW_MS || signedAt < now - MAX_SIGNATURE_AGE_MS) {
    throw new ValidationError(path('signedAt'), 'must lie within the 24 hours before the transaction (5 minutes of clock skew allowed)');
  }
  if (!verifiesSignature(certificate, signingPayload(signature), signature.signature)) {
    throw new ValidationError(path('signature'), `does not verify against ${signature.signerName}'s certificate over this record, name, time and meaning`);
  }

  if ((await readState(ctx, usedSignatureKey(ctx, signature.signature))) !== undefined) {
    throw new ConflictError(`${field} has been used before; every signature is made for one record, once`);
  }
  return signature;
}

/** Marks a verified signature as used (keyed by the hash of its bytes). */
export async function recordSignatureUse(ctx: Context, signature: ElectronicSignature, record: SignableRecord): Promise<void> {
  await writeState(ctx, usedSignatureKey(ctx, signature.signature), {
    recordType: record.type, recordId: record.id, meaning: signature.meaning, signerName: signature.signerName,
    mspId: signature.mspId, txId: ctx.stub.getTxID(),
  });
}
