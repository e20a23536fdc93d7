// OPC UA application certificates of the device servers and the ingest, generated at run time under
// .data/cold-chain/pki, each party trusting exactly the others' certificates (no auto-accept).
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPCUACertificateManager, makeSubject } from 'node-opcua';
import { pkiDir } from './paths';

export interface ApplicationPki {
  readonly manager: OPCUACertificateManager;
  readonly applicationUri: string;
  readonly certificateFile: string;
  readonly privateKeyFile: string;
}

export const applicationUriOf = (party: string): string => `urn:plasma-trace:cold-chain:${party}`;

/** The PKI folder of one party (`server-<name>` or `ingest`), with its own certificate created when missing. */
export async function openPki(
  party: string,
  hosts: readonly string[] = ['127.0.0.1'],
  root: string = pkiDir(party),
): Promise<ApplicationPki> {
  const manager = new OPCUACertificateManager({ rootFolder: root, automaticallyAcceptUnknownCertificate: false });
  await manager.initialize();
  const applicationUri = applicationUriOf(party);
  const certificateFile = path.join(manager.rootDir, 'own', 'certs', 'certificate.pem');
  if (!existsSync(certificateFile)) {
    const ips = hosts.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h));
    const dns = [...new Set([os.hostname(), 'localhost', ...hosts.filter((h) => !ips.includes(h))])];
    await manager.createSelfSignedCertificate({
      applicationUri,
      dns,
      ip: ips,
      outputFile: certificateFile,
      subject: makeSubject(`plasma-trace ${party}`, os.hostname()),
      startDate: new Date(),
      validity: 365 * 2,
    });
  }
  return { manager, applicationUri, certificateFile, privateKeyFile: path.join(manager.rootDir, 'own', 'private', 'private_key.pem') };
}

/** Makes `truster` trust `trusted`'s certificate, for the secure channel and as a user identity. */
export async function trust(truster: ApplicationPki, trusted: ApplicationPki): Promise<void> {
  await truster.manager.trustCertificate(new X509Certificate(readFileSync(trusted.certificateFile)).raw);
}
