// Where the network's binaries, keys, ledgers, logs and process ids live on this host.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** Binaries built by scripts/install-fabric.sh, and the release's sample configuration. */
export const fabricHome = path.join(repoRoot, '.fabric');
export const fabricBin = path.join(fabricHome, 'bin');
export const fabricSampleConfig = path.join(fabricHome, 'config');
export const binary = (name: string): string => path.join(fabricBin, name);

/** The external builder the peers use for chaincode run as a service. */
export const ccaasBuilder = path.join(repoRoot, 'network', 'builders', 'ccaas');

/** Everything the running system writes; `npm run down -- --clean` deletes it. */
export const dataHome = process.env.PLASMA_DATA_DIR ?? path.join(repoRoot, '.data');
/** The Fabric network's part of it. */
export const dataRoot = path.join(dataHome, 'network');

/** The project's own PostgreSQL (when no DATABASE_URL is given): cluster files and its credentials. */
export const databaseHome = path.join(dataHome, 'postgres');
export const databaseCluster = path.join(databaseHome, 'cluster');
export const databaseSecretFile = path.join(databaseHome, 'secret.json');
/** One organisation's services' database URLs, each as its own role: what its services read, and nothing else. */
export const organisationDatabaseSecretFile = (org: string): string =>
  path.join(databaseHome, 'organisations', `${org.toLowerCase()}.json`);

export const logsDir = path.join(dataRoot, 'logs');
export const runDir = path.join(dataRoot, 'run');
export const channelDir = path.join(dataRoot, 'channel');
export const chaincodeDir = path.join(dataRoot, 'chaincode');
export const stateFile = path.join(dataRoot, 'state.json');

/**
 * The other organisations as their cards describe them (organisation-card.ts), received on this host: each card, its
 * MSP folder and its orderers' TLS certificates. The channel's configuration is made from these, never from another
 * organisation's own files.
 */
export const consortiumDir = path.join(dataRoot, 'consortium');
export const receivedCardFile = (org: string): string => path.join(consortiumDir, 'cards', `${org.toLowerCase()}.json`);
export const receivedMspDir = (org: string): string => path.join(consortiumDir, 'msp', org.toLowerCase());
/** The root of another organisation's TLS certificates, as its card gives it: to reach its peers and orderers. */
export const receivedTlsCaCert = (org: string): string => path.join(receivedMspDir(org), 'tlscacerts', 'ca.pem');
export const receivedOrdererTlsCert = (org: string, orderer: string): string =>
  path.join(consortiumDir, 'orderers', org.toLowerCase(), `${orderer}.crt`);
/** An orderer's enrolment (signing) certificate as its organisation's card gives it: a BFT consenter's identity. */
export const receivedOrdererIdentityCert = (org: string, orderer: string): string =>
  path.join(consortiumDir, 'orderers', org.toLowerCase(), `${orderer}.identity.pem`);

export const orgDir = (org: string): string => path.join(dataRoot, 'orgs', org.toLowerCase());
/** The organisation's MSP as the channel knows it: CA certificates and node OU rules. */
export const orgMspDir = (org: string): string => path.join(orgDir(org), 'msp');
export const orgCaCert = (org: string): string => path.join(orgMspDir(org), 'cacerts', 'ca.pem');
export const caServerHome = (org: string): string => path.join(orgDir(org), 'ca-server');
/** The CA's self-signed root certificate, which also signs its TLS certificate. */
export const caCertFile = (org: string): string => path.join(caServerHome(org), 'ca-cert.pem');
export const caSecretsFile = (org: string): string => path.join(orgDir(org), 'ca-secrets.json');
/**
 * A door of the organisation that opens to TLS client certificates of a root of its own, which signs certificates for
 * that door only: `admin`, its admins (its orderers' admin API, its nodes' operations endpoints); `chaincode`, its
 * peers (its chaincode server). Its Fabric CA cannot serve there: every node and person holds one of its certificates.
 */
export type ClientTlsDoor = 'admin' | 'chaincode';
export const clientTlsRootDir = (org: string, door: ClientTlsDoor): string => path.join(orgDir(org), `${door}-client-tls-ca`);
export const clientTlsRootCert = (org: string, door: ClientTlsDoor): string => path.join(clientTlsRootDir(org, door), 'ca.pem');
export const clientTlsRootKey = (org: string, door: ClientTlsDoor): string => path.join(clientTlsRootDir(org, door), 'ca.key');

/** An enrolled identity: `msp/` for signing, `tls/` for TLS (server.crt, server.key, ca.crt). */
export interface IdentityDirs {
  readonly dir: string;
  readonly msp: string;
  readonly tls: string;
}
const identity = (dir: string): IdentityDirs => ({ dir, msp: path.join(dir, 'msp'), tls: path.join(dir, 'tls') });

export const caRegistrarDir = (org: string): IdentityDirs => identity(path.join(orgDir(org), 'registrar'));
export const nodeIdentityDir = (org: string, node: string): IdentityDirs => identity(path.join(orgDir(org), 'nodes', node));
export const userIdentityDir = (org: string, user: string): IdentityDirs => identity(path.join(orgDir(org), 'users', user));
export const adminUser = 'admin';

/** A node's own files: generated configuration and its ledger. */
export const nodeConfigDir = (node: string): string => path.join(dataRoot, 'nodes', node, 'config');
export const nodeLedgerDir = (node: string): string => path.join(dataRoot, 'nodes', node, 'ledger');

/** The TLS client certificate and key a peer presents to its organisation's chaincode server. */
export const chaincodeClientTlsFiles = (org: string, peer: string): { cert: string; key: string } => ({
  cert: path.join(nodeIdentityDir(org, peer).dir, 'chaincode-client', 'client.crt'),
  key: path.join(nodeIdentityDir(org, peer).dir, 'chaincode-client', 'client.key'),
});

export const tlsFiles = (dirs: IdentityDirs): { cert: string; key: string; ca: string } => ({
  cert: path.join(dirs.tls, 'server.crt'),
  key: path.join(dirs.tls, 'server.key'),
  ca: path.join(dirs.tls, 'ca.crt'),
});

/** The signing certificate and private key of an enrolled identity. */
export function signingFiles(dirs: IdentityDirs): { cert: string; key: string } {
  const keystore = path.join(dirs.msp, 'keystore');
  const [key] = readdirSync(keystore).filter((f) => f.endsWith('_sk'));
  if (!key) throw new Error(`no private key in ${keystore}`);
  return { cert: path.join(dirs.msp, 'signcerts', 'cert.pem'), key: path.join(keystore, key) };
}
