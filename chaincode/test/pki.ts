// A certificate authority per organisation for the unit tests, issuing certificates as Fabric CA does
// (role in the 1.2.3.4.5.6.7.8.1 attribute extension), and electronic signatures made with their keys.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { KEYUTIL, KJUR, utf8tohex } from 'jsrsasign';
import { signLowS } from '../src/signatures/ecdsa';
import {
  roleSigningPayload,
  signingPayload,
  type ElectronicSignature,
  type SignatureMeaning,
} from '../src/signatures/electronic-signature';
import type { Caller } from './fake-context';

export interface TestIdentity extends Caller {
  readonly certificate: string;
  readonly privateKey: string;
  /** The printed name its signatures give: the certificate's `name` attribute, else its common name. */
  readonly printedName: string;
}

type KeyObject = ReturnType<typeof KEYUTIL.getKey>;

function keyPair(): { privatePem: string; privateKey: KeyObject; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    privatePem,
    privateKey: KEYUTIL.getKey(privatePem),
    publicKey: KEYUTIL.getKey(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function keyPairOf(privatePem: string): { privatePem: string; publicKey: KeyObject } {
  const publicPem = createPublicKey(privatePem).export({ type: 'spki', format: 'pem' }).toString();
  return { privatePem, publicKey: KEYUTIL.getKey(publicPem) };
}

let serial = 1;

/** A self-signed CA certificate for `subject`, valid from 2024 to 2035. */
function rootCertificate(subject: string, privateKey: KeyObject, publicKey: KeyObject): string {
  return new KJUR.asn1.x509.Certificate({
    version: 3,
    serial: { int: serial++ },
    issuer: { str: subject },
    subject: { str: subject },
    notbefore: '240101000000Z',
    notafter: '351231235959Z',
    sbjpubkey: publicKey,
    ext: [
      { extname: 'basicConstraints', critical: true, cA: true },
      { extname: 'keyUsage', critical: true, names: ['keyCertSign', 'cRLSign'] },
    ],
    sigalg: 'SHA256withECDSA',
    cakey: privateKey,
  }).getPEM();
}

export class TestCa {
  readonly mspId: string;
  readonly certificate: string;
  readonly #key: KeyObject;
  readonly #subject: string;

  constructor(mspId: string) {
    this.mspId = mspId;
    const { privateKey, publicKey } = keyPair();
    this.#key = privateKey;
    this.#subject = `/C=US/ST=North Carolina/O=Hyperledger/OU=Fabric/CN=ca-${mspId.toLowerCase()}`;
    this.certificate = rootCertificate(this.#subject, privateKey, publicKey);
  }

  /**
   * A client certificate for `commonName` with the role attribute (and any `attributes` besides, e.g. the `person`
   * a CA writes into each of a person's certificates), valid from 2024 to 2035 unless told otherwise; for the key of
   * `privateKey` when given (one person's key under a second name), else a new one.
   */
  issue(
    commonName: string,
    role: string | undefined,
    validity: { notbefore?: string; notafter?: string } = {},
    attributes: Readonly<Record<string, string>> = {},
    privateKey?: string,
  ): TestIdentity {
    const { privatePem, publicKey } = privateKey === undefined ? keyPair() : keyPairOf(privateKey);
    const attrs = role === undefined ? {} : { role, 'hf.EnrollmentID': commonName, 'hf.Type': 'client', ...attributes };
    const certificate = new KJUR.asn1.x509.Certificate({
      version: 3,
      serial: { int: serial++ },
      issuer: { str: this.#subject },
      subject: { str: `/C=US/ST=North Carolina/O=Hyperledger/OU=client/CN=${commonName}` },
      notbefore: validity.notbefore ?? '240101000000Z',
      notafter: validity.notafter ?? '351231235959Z',
      sbjpubkey: publicKey,
      ext: [
        { extname: 'basicConstraints', critical: true, cA: false },
        { extname: '1.2.3.4.5.6.7.8.1', extn: utf8tohex(JSON.stringify({ attrs })) },
      ],
      sigalg: 'SHA256withECDSA',
      cakey: this.#key,
    }).getPEM();
    const printedName = attributes.name ?? commonName;
    return {
      mspId: this.mspId,
      commonName,
      ...(role === undefined ? {} : { role }),
      attributes: attrs,
      certificate,
      privateKey: privatePem,
      printedName,
    };
  }
}

/**
 * A stand-in third-party electronic certification service (seed 001 Q5): its own root, not a Fabric CA, issuing
 * signers' certificates with a person's name as subject and no Fabric attributes.
 */
export class ThirdPartyCa {
  readonly certificate: string;
  readonly #key: KeyObject;
  readonly #subject: string;

  constructor(name = 'Stand-in E-Signature CA') {
    const { privateKey, publicKey } = keyPair();
    this.#key = privateKey;
    this.#subject = `/C=CN/O=Stand-in Certification Service/CN=${name}`;
    this.certificate = rootCertificate(this.#subject, privateKey, publicKey);
  }

  /** A signer's certificate for `fullName`, for content commitment unless `keyUsage` says otherwise. */
  issue(fullName: string, keyUsage: string[] = ['digitalSignature', 'nonRepudiation']): { certificate: string; privateKey: string } {
    const { privatePem, publicKey } = keyPair();
    const certificate = new KJUR.asn1.x509.Certificate({
      version: 3,
      serial: { int: serial++ },
      issuer: { str: this.#subject },
      subject: { str: `/C=CN/CN=${fullName}` },
      notbefore: '240101000000Z',
      notafter: '351231235959Z',
      sbjpubkey: publicKey,
      ext: [
        { extname: 'basicConstraints', critical: true, cA: false },
        { extname: 'keyUsage', critical: true, names: keyUsage },
      ],
      sigalg: 'SHA256withECDSA',
      cakey: this.#key,
    }).getPEM();
    return { certificate, privateKey: privatePem };
  }
}

/** What `identity` signs for the record with this digest: their name, printed name, organisation, time and meaning. */
const unsignedBy = (identity: TestIdentity, digest: string, meaning: SignatureMeaning, signedAt: string) => ({
  meaning,
  signerName: identity.commonName,
  printedName: identity.printedName,
  mspId: identity.mspId,
  signedAt,
  recordDigest: digest,
});

/** `identity`'s electronic signature of the record with this digest. */
export function signRecord(identity: TestIdentity, digest: string, meaning: SignatureMeaning, signedAt: string): ElectronicSignature {
  const unsigned = unsignedBy(identity, digest, meaning, signedAt);
  const signature = signLowS(Buffer.from(signingPayload(unsigned)), identity.privateKey).toString('base64');
  return { ...unsigned, certificate: identity.certificate, signature };
}

/**
 * `identity`'s signature made with the key of a third-party certificate, naming `identity`'s certificate as its role,
 * which `identity`'s own key signs as well.
 */
export function signRecordWithThirdParty(
  identity: TestIdentity,
  thirdParty: { certificate: string; privateKey: string },
  digest: string,
  meaning: SignatureMeaning,
  signedAt: string,
): ElectronicSignature {
  const unsigned = { ...unsignedBy(identity, digest, meaning, signedAt), roleCertificate: identity.certificate };
  const signature = signLowS(Buffer.from(signingPayload(unsigned)), thirdParty.privateKey).toString('base64');
  const ownAct = Buffer.from(roleSigningPayload({ ...unsigned, certificate: thirdParty.certificate }));
  return {
    ...unsigned,
    certificate: thirdParty.certificate,
    signature,
    roleSignature: signLowS(ownAct, identity.privateKey).toString('base64'),
  };
}
