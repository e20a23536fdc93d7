// MSP folders: the organisation's CA certificate and the node OU rules that tell a client from a peer,
// an orderer or an admin by the OU its certificate carries.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

const caCertName = 'ca.pem';

function nodeOUs(): string {
  const ou = (name: string) => ({ Certificate: `cacerts/${caCertName}`, OrganizationalUnitIdentifier: name });
  return stringify({
    NodeOUs: {
      Enable: true,
      ClientOUIdentifier: ou('client'),
      PeerOUIdentifier: ou('peer'),
      AdminOUIdentifier: ou('admin'),
      OrdererOUIdentifier: ou('orderer'),
    },
  });
}

/**
 * Lays out an MSP folder around the organisation's CA certificate and the root of its TLS certificates. One CA per
 * organisation issues both here, so by default it is the root of trust for both.
 */
export function writeMsp(mspDir: string, caCertPem: string, tlsCaCertPem = caCertPem): void {
  for (const [folder, pem] of [
    ['cacerts', caCertPem],
    ['tlscacerts', tlsCaCertPem],
  ] as const) {
    mkdirSync(path.join(mspDir, folder), { recursive: true });
    writeFileSync(path.join(mspDir, folder, caCertName), pem);
  }
  writeFileSync(path.join(mspDir, 'config.yaml'), nodeOUs());
}
