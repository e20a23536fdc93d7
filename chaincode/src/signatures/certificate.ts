// X.509 certificates as Fabric CAs issue them: subject, validity, `role` attribute, issuer check, ECDSA verification.
import { sha256Hex } from '../ledger/digest';
import { ASN1HEX, hextoutf8, KJUR, X509, zulutodate } from 'jsrsasign';
import { ValidationError } from '../errors';
import { matching } from '../validation';

/** Fabric CA writes enrolment attributes as JSON `{"attrs":{...}}` in this private extension. */
const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';
const MAX_PEM_LENGTH = 8192;

/** A PEM certificate as text (parsing is parseCertificate's job); surrounding whitespace allowed, as files have it. */
export const PEM_RULE = matching(
  /^\s*-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]{1,8000}-----END CERTIFICATE-----\s*$/,
  'must be one PEM X.509 certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)',
);

export interface Certificate {
  readonly pem: string;
  readonly subject: string;
  readonly issuer: string;
  readonly commonName: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly isCa: boolean;
  /** Fabric CA enrolment attributes (`role`, `hf.EnrollmentID`, `person`, ...); empty when the certificate has none. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The subject public key (SPKI, hex): the same key under two names is the same signer. */
  readonly publicKey: string;
  /** Key usage bits by name (`digitalSignature`, `nonRepudiation`, ...); empty when the certificate states none. */
  readonly keyUsage: readonly string[];
  readonly x509: X509;
}

/** Parses a PEM certificate; `field` names it in the error when it is not one. */
export function parseCertificate(pem: unknown, field: string): Certificate {
  if (typeof pem !== 'string' || pem.length > MAX_PEM_LENGTH || !pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ValidationError(field, `must be a PEM X.509 certificate of at most ${MAX_PEM_LENGTH} characters`);
  }
  const x509 = new X509();
  try {
    x509.readCertPEM(pem);
    // From the parsed name, not its text form, in which a value holding "/CN=" reads as a second attribute; a
    // subject with more than one common name names nobody.
    const commonNames = x509
      .getSubject()
      .array.flat()
      .filter(({ type }) => type === 'CN')
      .map(({ value }) => value);
    const commonName = commonNames.length === 1 ? commonNames[0]! : '';
    return {
      pem,
      subject: x509.getSubjectString(),
      issuer: x509.getIssuerString(),
      commonName,
      serial: x509.getSerialNumberHex(),
      notBefore: zulutodate(x509.getNotBefore()).toISOString(),
      notAfter: zulutodate(x509.getNotAfter()).toISOString(),
      // jsrsasign answers undefined for a certificate without the extension, whatever its typings say.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      isCa: x509.getExtBasicConstraints()?.cA === true,
      attributes: fabricAttributes(x509),
      publicKey: x509.getSPKI(),
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      keyUsage: x509.getExtKeyUsage()?.names ?? [],
      x509,
    };
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(field, 'must be a PEM X.509 certificate that can be parsed');
  }
}

/**
 * The printed name a signer's certificate from their organisation's CA registers (Part 11 §11.50): its `name`
 * attribute, or its common name where the CA wrote none. Signatures must print it (electronic-signature.ts).
 */
export const registeredPrintedName = (certificate: Certificate): string => certificate.attributes.name ?? certificate.commonName;

/** The common name of a PEM certificate, as the ledger reads it (for clients that match names before it does). */
export const commonNameOf = (pem: string): string => parseCertificate(pem, 'certificate').commonName;

/** The same, from a PEM certificate (for clients that prepare a signature). */
export const printedNameOf = (pem: string): string => registeredPrintedName(parseCertificate(pem, 'certificate'));

/** A PEM certificate's DER bytes (hex), whatever its line endings and wrapping; cheap: nothing is parsed. */
export const derHexOf = (pem: string): string =>
  Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64').toString('hex');

/** Whether two PEM texts hold the same certificate, whatever their line endings and wrapping. */
export const sameCertificate = (a: string, b: string): boolean => derHexOf(a) === derHexOf(b);

/** A PEM that is a CA certificate (basic constraints CA:TRUE); `field` names it otherwise. */
export function caCertificatePem(pem: string, field: string): string {
  if (!parseCertificate(pem, field).isCa) throw new ValidationError(field, 'must be a CA certificate (basic constraints CA:TRUE)');
  return pem;
}

/** True when `ca` issued `certificate`: the issuer names the CA's subject and the CA's key verifies the signature. */
export function issuedBy(certificate: Certificate, ca: Certificate): boolean {
  if (certificate.x509.getIssuerHex() !== ca.x509.getSubjectHex()) {
    return false;
  }
  try {
    return certificate.x509.verifySignature(ca.x509.getPublicKey());
  } catch {
    return false;
  }
}

/** Verifies an ECDSA (SHA-256) signature, DER encoded in base64, over the UTF-8 bytes of `payload`. */
export function verifiesSignature(certificate: Certificate, payload: string, signatureBase64: string): boolean {
  try {
    const verifier = new KJUR.crypto.Signature({ alg: 'SHA256withECDSA' });
    verifier.init(certificate.x509.getPublicKey());
    verifier.updateString(payload);
    return verifier.verify(Buffer.from(signatureBase64, 'base64').toString('hex'));
  } catch {
    return false;
  }
}

export function validAt(certificate: Certificate, instant: string): boolean {
  const at = Date.parse(instant);
  return Date.parse(certificate.notBefore) <= at && at <= Date.parse(certificate.notAfter);
}

function fabricAttributes(x509: X509): Record<string, string> {
  const info = x509.getExtInfo(FABRIC_ATTRIBUTES_OID);
  if (info === undefined) {
    return {};
  }
  // The extension's value is raw JSON, not DER, so jsrsasign's own decoder cannot read it: find the
  // OCTET STRING whose content starts at `vidx` and take that content.
  const hex = x509.hex;
  const header = [4, 6, 8]
    .map((length) => info.vidx - length)
    .find((index) => index >= 0 && hex.slice(index, index + 2) === '04' && ASN1HEX.getVidx(hex, index) === info.vidx);
  if (header === undefined) {
    return {};
  }
  const parsed = JSON.parse(hextoutf8(ASN1HEX.getV(hex, header))) as { attrs?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(parsed.attrs ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * What tells one person from another in a certificate, each mark normalised (trimmed, lower case) and hashed to 64 hex
 * characters: its common name, enrolment id and `person` attribute, and its public key. Two certificates sharing any
 * mark are taken for one person. (The two-person rule of electronic signatures, assertDifferentSigners, compares the
 * same parts as they stand, without normalising them.)
 */
export function personMarks(certificate: Certificate): string[] {
  const marks = [
    ['cn', certificate.commonName],
    ['enrolment', certificate.attributes['hf.EnrollmentID']],
    ['person', certificate.attributes.person],
    ['key', certificate.publicKey],
  ] as const;
  return marks
    .filter(([, value]) => value !== undefined && value.trim() !== '')
    .map(([kind, value]) => sha256Hex(`${kind}:${value!.trim().toLowerCase()}`));
}
