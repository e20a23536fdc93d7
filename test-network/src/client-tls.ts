// The organisation's client TLS roots, one per door (network/src/layout.ts: ClientTlsDoor). Each signs TLS client
// certificates for its door only: the admin root its admins' (its orderers' admin API, its nodes' operations
// endpoints), the chaincode root its peers' (its chaincode server). A certificate of its Fabric CA, which every node
// and person holds, opens neither: a collector's would otherwise list channels or talk to the chaincode server.
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';
import {
  adminUser,
  chaincodeClientTlsFiles,
  type ClientTlsDoor,
  clientTlsRootCert,
  clientTlsRootDir,
  clientTlsRootKey,
  orgCaCert,
  type Organisation,
  tlsFiles,
  userIdentityDir,
} from '@plasma/network';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const years = (n: number): Date => new Date(Date.now() + n * 365 * 24 * 3600 * 1000);

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

interface Root {
  readonly certificate: x509.X509Certificate;
  readonly key: CryptoKey;
}

/** The door's root certificate and signing key, made on first use. */
async function clientTlsRoot(org: Organisation, door: ClientTlsDoor): Promise<Root> {
  const keyFile = clientTlsRootKey(org.name, door);
  if (existsSync(keyFile)) {
    const der = x509.PemConverter.decodeFirst(readFileSync(keyFile, 'utf8'));
    return {
      certificate: new x509.X509Certificate(readFileSync(clientTlsRootCert(org.name, door), 'utf8')),
      key: await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']),
    };
  }
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${org.name} ${door} client TLS CA,O=${org.name}`,
    notAfter: years(10),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  mkdirSync(clientTlsRootDir(org.name, door), { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, await privateKeyPem(keys.privateKey), { mode: 0o600 });
  writeFileSync(clientTlsRootCert(org.name, door), certificate.toString('pem'));
  return { certificate, key: keys.privateKey };
}

/** Whether `files` hold a certificate `root` signed, valid for a month yet, with the key beside it its own. */
async function holdsOneOf(root: Root, files: { cert: string; key: string }): Promise<boolean> {
  if (!existsSync(files.cert) || !existsSync(files.key)) return false;
  const certificate = new x509.X509Certificate(readFileSync(files.cert, 'utf8'));
  const monthAhead = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  if (!(await certificate.verify({ publicKey: root.certificate.publicKey, signatureOnly: true })) || certificate.notAfter < monthAhead)
    return false;
  const ownKey = createPublicKey(readFileSync(files.key)).export({ type: 'spki', format: 'der' });
  return Buffer.from(certificate.publicKey.rawData).equals(ownKey);
}

/** Writes a TLS client certificate of `root` for `subject`, unless `files` already hold a good one of it. */
async function issue(root: Root, subject: string, files: { cert: string; key: string }): Promise<void> {
  if (await holdsOneOf(root, files)) return;
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.create({
    subject,
    issuer: root.certificate.subject,
    notAfter: years(2),
    publicKey: keys.publicKey,
    signingKey: root.key,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      await x509.AuthorityKeyIdentifierExtension.create(root.certificate.publicKey),
    ],
  });
  mkdirSync(path.dirname(files.key), { recursive: true, mode: 0o700 });
  writeFileSync(files.key, await privateKeyPem(keys.privateKey), { mode: 0o600 });
  writeFileSync(files.cert, certificate.toString('pem'));
}

/**
 * Gives the organisation's admin a TLS client certificate of its admin root, and each of its peers one of its chaincode
 * root (again where one held is of another issuer, as on networks made before these roots). The admin's `ca.crt` is
 * the organisation's CA, which signs the TLS certificates of the servers it talks to.
 */
export async function issueClientTlsCertificates(org: Organisation): Promise<void> {
  const admin = tlsFiles(userIdentityDir(org.name, adminUser));
  await issue(await clientTlsRoot(org, 'admin'), `CN=${adminUser},OU=admin,O=${org.name}`, admin);
  writeFileSync(admin.ca, readFileSync(orgCaCert(org.name)));
  const chaincode = await clientTlsRoot(org, 'chaincode');
  for (const peer of org.peers)
    await issue(chaincode, `CN=${peer.name},OU=peer,O=${org.name}`, chaincodeClientTlsFiles(org.name, peer.name));
}
