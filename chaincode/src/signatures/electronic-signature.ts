// Electronic signatures (21 CFR 11, EU Annex 11, seed 004 §7.1.3): a person's ECDSA signature over the
// canonical digest of a record, with signer name, time and meaning, from a certificate their organisation's CA
// issued. Bound to the record by its digest, and used once: a signature cannot be cut, copied or moved. The record
// and its shape are signature-record.ts; this module verifies and records their use.
import type { Context } from 'fabric-contract-api';
import { findOrganisation, findOrganisationEver, signatureAuthoritiesFor } from '../consortium/registry';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { sha256Hex } from '../ledger/digest';
import { readState, writeState } from '../ledger/state';
import { assertNotAhead } from '../access/endorsement-time';
import { compositeKey } from '../ledger/keys';
import { HOUR_MS, transactionTime } from '../time';
import { issuedBy, parseCertificate, registeredPrintedName, validAt, verifiesSignature, type Certificate } from './certificate';
import { derSignature, isLowS, lowSForm, signatureParts } from './ecdsa';
import {
  newElectronicSignature,
  recordDigest,
  roleSigningPayload,
  signingPayload,
  THIRD_PARTY_MEANINGS,
  type ElectronicSignature,
  type SignableRecord,
  type SignatureRequirement,
} from './signature-record';

export * from './signature-record';

/** A signature may be made at most this long before the transaction that presents it. */
const MAX_SIGNATURE_AGE_MS = 24 * HOUR_MS;

// Keyed by the low-S form: a signature and its mirror (r, n - s), which verifies as well, are one use.
function usedSignatureKey(ctx: Context, signature: string): string {
  const bytes = Buffer.from(signature, 'base64');
  const parts = signatureParts(bytes);
  return compositeKey(ctx, 'signature', [sha256Hex(parts === undefined ? bytes : derSignature(lowSForm(parts)))]);
}

/**
 * The CA certificates a signature of `mspId`'s people is checked against: for a new signature, the member's CA in use;
 * for one already recorded, also the CAs it used before and those of a member that has since left.
 */
async function caCertificatesOf(ctx: Context, mspId: string, recorded: boolean): Promise<Certificate[]> {
  const organisation = recorded ? await findOrganisationEver(ctx, mspId) : await findOrganisation(ctx, mspId);
  if (organisation === undefined) return [];
  const pems = [organisation.caCertificate, ...(recorded ? (organisation.retiredCaCertificates ?? []) : [])];
  return pems.map((pem) => parseCertificate(pem, 'registry.caCertificate'));
}

/** Verifies a signature presented with `record` (verifySignature) and records its use, so it is never accepted again. */
export async function acceptSignature(
  ctx: Context,
  value: unknown,
  field: string,
  record: SignableRecord,
  requirement: SignatureRequirement,
): Promise<ElectronicSignature> {
  const signature = await verifySignature(ctx, value, field, record, requirement);
  await recordSignatureUse(ctx, signature, record);
  return signature;
}

/** Verifies every one of `signatures` over `record` (errors name `field[index]`), then records each use. */
export async function acceptSignatures(
  ctx: Context,
  signatures: readonly ElectronicSignature[],
  field: string,
  record: SignableRecord,
  requirement: SignatureRequirement,
): Promise<ElectronicSignature[]> {
  const verified: ElectronicSignature[] = [];
  for (const [index, signature] of signatures.entries())
    verified.push(await verifySignature(ctx, signature, `${field}[${index}]`, record, requirement));
  for (const signature of verified) await recordSignatureUse(ctx, signature, record);
  return verified;
}

/** Refuses two signatures of one organisation where each must speak for a different one. */
export function assertDifferentOrganisations(signatures: readonly ElectronicSignature[], field: string): void {
  signatures.forEach(({ mspId }, index) => {
    if (signatures.findIndex((other) => other.mspId === mspId) !== index) {
      throw new ValidationError(`${field}[${index}]`, `repeats an approval of ${mspId}; each organisation approves once`);
    }
  });
}

/**
 * What makes a signature genuine, whenever it is checked: the meaning; the signer's organisation; that it signs this
 * record as given; the signer's certificate from their organisation's CA (common name = signer name, issued by the CA
 * the registry holds for the organisation, valid when signed, role allowed, printed name = its `name` attribute where
 * it has one); for a third-party signature, the certificate that made it (thirdPartyCertificate); its one low-S
 * encoding; and the ECDSA signature itself.
 */
async function checkGenuine(
  ctx: Context,
  value: unknown,
  field: string,
  record: SignableRecord,
  requirement: SignatureRequirement,
  recorded: boolean,
): Promise<{ signature: ElectronicSignature; certificates: Certificate[] }> {
  const signature = newElectronicSignature(value, field);
  const path = (key: string): string => `${field}.${key}`;
  if (signature.meaning !== requirement.meaning) {
    throw new ValidationError(path('meaning'), `must be ${requirement.meaning} for this record`);
  }
  if (!requirement.mspIds.includes(signature.mspId)) {
    throw new ForbiddenError(
      `a ${requirement.meaning} signature must come from ${requirement.mspIds.join(' or ')}, not ${signature.mspId}`,
    );
  }
  const digest = recordDigest(record);
  if (signature.recordDigest !== digest) {
    throw new ValidationError(
      path('recordDigest'),
      `is not the digest of ${record.type} ${record.id} as the ledger holds it now (${digest}): ` +
        'the signature belongs to another record, or the record changed after it was signed',
    );
  }

  const roleField = signature.roleCertificate === undefined ? 'certificate' : 'roleCertificate';
  const roleCertificate = parseCertificate(signature.roleCertificate ?? signature.certificate, path(roleField));
  if (roleCertificate.commonName !== signature.signerName) {
    throw new ValidationError(path('signerName'), `must be the common name of the certificate (${roleCertificate.commonName})`);
  }
  const cas = await caCertificatesOf(ctx, signature.mspId, recorded);
  if (cas.length === 0) {
    throw new ForbiddenError(`${signature.mspId} is not a member of the consortium, so its signatures cannot be checked`);
  }
  if (!cas.some((ca) => issuedBy(roleCertificate, ca))) {
    throw new ForbiddenError(
      `the certificate of ${signature.signerName} was not issued by the certificate authority of ${signature.mspId}`,
    );
  }
  assertValidWhenSigned(roleCertificate, signature, path('signedAt'), "the certificate's");
  const role = roleCertificate.attributes.role ?? '';
  if (!requirement.roles.includes(role)) {
    throw new ForbiddenError(
      `a ${requirement.meaning} signature needs a signer with role ${requirement.roles.join(' or ')}; ${signature.signerName} has ${role || 'no role'}`,
    );
  }
  // A new signature prints the name the signer's CA registered for them, or their common name where it registered
  // none, so no signer prints another's name or title; one recorded before printed names were signed may have none.
  const registeredName = registeredPrintedName(roleCertificate);
  if (!recorded && signature.printedName === undefined) {
    throw new ValidationError(path('printedName'), `is required: the name ${signature.mspId}'s CA registered for ${signature.signerName}`);
  }
  if (
    signature.printedName !== undefined &&
    signature.printedName !== registeredName &&
    (!recorded || roleCertificate.attributes.name !== undefined)
  ) {
    throw new ValidationError(
      path('printedName'),
      `must be the name ${signature.mspId}'s CA registered for ${signature.signerName} (${registeredName})`,
    );
  }
  const signingCertificate =
    signature.roleCertificate === undefined ? roleCertificate : await thirdPartyCertificate(ctx, signature, field, requirement, recorded);
  const payload = signingPayload(signature);
  assertSignatureOf(signingCertificate, payload, signature.signature, path('signature'), signature.signerName);
  if (signature.roleCertificate === undefined && signature.roleSignature !== undefined) {
    throw new ValidationError(path('roleSignature'), 'is only for a signature made with a third-party certificate (roleCertificate)');
  }
  if (signature.roleCertificate !== undefined) {
    if (signature.roleSignature === undefined) {
      throw new ValidationError(
        path('roleSignature'),
        `is required with a third-party certificate: ${signature.signerName}'s own signature of the same payload, with the key of roleCertificate`,
      );
    }
    assertSignatureOf(roleCertificate, roleSigningPayload(signature), signature.roleSignature, path('roleSignature'), signature.signerName);
  }
  return { signature, certificates: signingCertificate === roleCertificate ? [roleCertificate] : [roleCertificate, signingCertificate] };
}

/** The signature in its one low-S DER form, verifying with `certificate`'s key over `payload`; else VALIDATION of `field`. */
function assertSignatureOf(certificate: Certificate, payload: string, signature: string, field: string, signerName: string): void {
  // ECDSA accepts (r, s) and (r, n - s) alike; Fabric and this ledger take only the low-S form, so one signing act
  // has one encoding.
  const parts = signatureParts(Buffer.from(signature, 'base64'));
  if (parts === undefined || !isLowS(parts)) {
    throw new ValidationError(field, 'must be a canonical DER ECDSA P-256 signature in its low-S form (s at most half the group order)');
  }
  if (!verifiesSignature(certificate, payload, signature)) {
    throw new ValidationError(field, `does not verify against ${signerName}'s certificate over this record, name, time and meaning`);
  }
}

function assertValidWhenSigned(certificate: Certificate, signature: ElectronicSignature, field: string, whose: string): void {
  if (!validAt(certificate, signature.signedAt)) {
    throw new ValidationError(field, `must fall within ${whose} validity (${certificate.notBefore} to ${certificate.notAfter})`);
  }
}

/**
 * The certificate of a third-party signature (seed 001 Q5), checked: a release meaning; issued by an e-signature
 * authority the consortium lists (or listed when a recorded signature was made); an end-entity certificate for
 * content commitment (key usage nonRepudiation); valid when signed; its subject's common name the printed name the
 * signer's organisation registered for them (the `name` attribute of their role certificate).
 */
async function thirdPartyCertificate(
  ctx: Context,
  signature: ElectronicSignature,
  field: string,
  requirement: SignatureRequirement,
  recorded: boolean,
): Promise<Certificate> {
  const path = (key: string): string => `${field}.${key}`;
  if (!THIRD_PARTY_MEANINGS.includes(requirement.meaning)) {
    throw new ValidationError(
      path('roleCertificate'),
      `is for release signatures made with a third-party certificate (${THIRD_PARTY_MEANINGS.join(', ')}); a ${requirement.meaning} signature uses the certificate of ${signature.mspId}'s CA`,
    );
  }
  const certificate = parseCertificate(signature.certificate, path('certificate'));
  const authority = (await signatureAuthoritiesFor(ctx, recorded)).find(({ certificate: ca }) =>
    issuedBy(certificate, parseCertificate(ca, 'registry.signatureAuthorities.certificate')),
  );
  if (authority === undefined) {
    throw new ForbiddenError(
      `the certificate of ${signature.signerName} was not issued by an e-signature authority the consortium lists; ` +
        'the regulator and a majority of the members list one with Consortium:ChangeRegistry',
    );
  }
  if (certificate.isCa || !certificate.keyUsage.includes('nonRepudiation')) {
    throw new ValidationError(
      path('certificate'),
      "must be a signer's certificate (not a CA) whose key usage allows content commitment (nonRepudiation)",
    );
  }
  assertValidWhenSigned(certificate, signature, path('signedAt'), "the third-party certificate's");
  const registeredName = parseCertificate(signature.roleCertificate, path('roleCertificate')).attributes.name;
  if (registeredName === undefined) {
    throw new ValidationError(
      path('roleCertificate'),
      `must carry the name ${signature.mspId}'s CA registered for ${signature.signerName} (attribute name), to match the third-party certificate`,
    );
  }
  if (certificate.commonName !== registeredName) {
    throw new ForbiddenError(
      `the certificate from ${authority.name} names ${certificate.commonName || 'nobody'}, not ${registeredName}, whom ${signature.mspId} registered as ${signature.signerName}`,
    );
  }
  return certificate;
}

/**
 * Verifies a signature presented with `record`, writing nothing: genuine (checkGenuine), made within the 24 hours
 * before the transaction and not ahead of it, from a certificate still valid now, and never used before.
 */
export async function verifySignature(
  ctx: Context,
  value: unknown,
  field: string,
  record: SignableRecord,
  requirement: SignatureRequirement,
): Promise<ElectronicSignature> {
  const { signature, certificates } = await checkGenuine(ctx, value, field, record, requirement, false);
  const path = (key: string): string => `${field}.${key}`;
  const now = transactionTime(ctx);
  await assertNotAhead(ctx, signature.signedAt, path('signedAt'));
  if (Date.parse(signature.signedAt) < Date.parse(now) - MAX_SIGNATURE_AGE_MS) {
    throw new ValidationError(path('signedAt'), 'must lie within the 24 hours before the transaction');
  }
  // A signing time is the signer's claim: a certificate that has expired by the time the ledger sees the signature
  // could otherwise sign with a time back-dated into its validity.
  const expired = certificates.find((certificate) => !validAt(certificate, now));
  if (expired !== undefined) {
    throw new ValidationError(
      path(expired === certificates[0] && signature.roleCertificate !== undefined ? 'roleCertificate' : 'certificate'),
      `must still be valid when the ledger receives the signature (${now}); it expired ${expired.notAfter}`,
    );
  }
  for (const made of signaturesMade(signature)) {
    if ((await readState(ctx, usedSignatureKey(ctx, made))) !== undefined) {
      throw new ConflictError(`${field} has been used before; every signature is made for one record, once`);
    }
  }
  return signature;
}

/** The signature, and with a third-party certificate the role certificate's too: each is used once. */
const signaturesMade = (signature: ElectronicSignature): string[] =>
  signature.roleSignature === undefined ? [signature.signature] : [signature.signature, signature.roleSignature];

/**
 * Whether a signature already on the ledger is genuine for `record`: what a reader checks before relying on it, since
 * a record's first write is validated only by the channel's policy and two colluding members could write one with a
 * signature nobody made. Its time and first use were checked when it was accepted.
 */
export async function isGenuineRecordedSignature(
  ctx: Context,
  signature: ElectronicSignature,
  record: SignableRecord,
  requirement: SignatureRequirement,
): Promise<boolean> {
  return checkGenuine(ctx, signature, 'signature', record, requirement, true).then(
    () => true,
    () => false,
  );
}

/**
 * Refuses two signatures made by one person, where the two-person rule needs two: the same common name, enrolment
 * id or public key, or the same `person` attribute (the stable person id the organisation's CA writes into each of a
 * person's certificates). An organisation whose CA registers one person under two names and two person ids defeats
 * this check; the CA's own registry is the control for that (docs/security.md).
 */
export function assertDifferentSigners(first: ElectronicSignature, second: ElectronicSignature, field: string): void {
  const read = (signature: ElectronicSignature, index: number): { role: Certificate; signing: Certificate } => {
    const signing = parseCertificate(signature.certificate, `${field}[${index}].certificate`);
    const role =
      signature.roleCertificate === undefined ? signing : parseCertificate(signature.roleCertificate, `${field}[${index}].roleCertificate`);
    return { role, signing };
  };
  const [a, b] = [read(first, 0), read(second, 1)];
  const same = (name: string, x: string | undefined, y: string | undefined): string | undefined =>
    x !== undefined && x !== '' && x === y ? name : undefined;
  const shared =
    same('common name', a.role.commonName, b.role.commonName) ??
    same('enrolment id', a.role.attributes['hf.EnrollmentID'], b.role.attributes['hf.EnrollmentID']) ??
    same('person', a.role.attributes.person, b.role.attributes.person) ??
    same('public key', a.signing.publicKey, b.signing.publicKey) ??
    same('public key', a.role.publicKey, b.role.publicKey) ??
    same('signer name', first.signerName, second.signerName) ??
    same('printed name', first.printedName, second.printedName);
  if (shared !== undefined) {
    throw new ValidationError(field, `must come from two different people: both signatures share the ${shared}`);
  }
}

/** Marks a verified signature as used (keyed by the hash of its low-S form). */
export async function recordSignatureUse(ctx: Context, signature: ElectronicSignature, record: SignableRecord): Promise<void> {
  for (const made of signaturesMade(signature)) {
    await writeState(ctx, usedSignatureKey(ctx, made), {
      recordType: record.type,
      recordId: record.id,
      meaning: signature.meaning,
      signerName: signature.signerName,
      mspId: signature.mspId,
      txId: ctx.stub.getTxID(),
    });
  }
}
