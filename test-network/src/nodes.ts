// Starting orderers and peers from their generated configuration, and the flags osnadmin needs to act as an
// organisation's admin (the peer CLI's environment is the platform's: fabric-tools.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  adminUser,
  binary,
  chaincodeClientTlsEnv,
  nodeConfigDir,
  nodeLedgerDir,
  ordererConfig,
  type OrdererNode,
  type Organisation,
  orgCaCert,
  peerConfig,
  type PeerNode,
  tlsFiles,
  type Topology,
  userIdentityDir,
} from '@plasma/network';
import { type Launch, start } from '@plasma/platform';

// Info, without a line per gRPC call: at load those lines cost more than the work they describe.
const logging = { FABRIC_LOGGING_SPEC: process.env.FABRIC_LOGGING_SPEC ?? 'info:comm.grpc.server=warn:grpc=warn' };

function writeConfig(node: string, file: string, content: string): void {
  const dir = nodeConfigDir(node);
  mkdirSync(dir, { recursive: true });
  mkdirSync(nodeLedgerDir(node), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

/** How the orderer runs, from the configuration startOrderer writes (also what its systemd unit runs: units.ts). */
export const ordererLaunch = (orderer: OrdererNode): Launch => ({
  name: orderer.name,
  command: binary('orderer'),
  args: [],
  env: { FABRIC_CFG_PATH: nodeConfigDir(orderer.name), ...logging },
});

/** How the peer runs, from the configuration startPeer writes. */
export const peerLaunch = (org: Organisation, peer: PeerNode): Launch => ({
  name: peer.name,
  command: binary('peer'),
  args: ['node', 'start'],
  env: { FABRIC_CFG_PATH: nodeConfigDir(peer.name), ...logging, ...chaincodeClientTlsEnv(org, peer) },
});

export function startOrderer(org: Organisation, orderer: OrdererNode): void {
  writeConfig(orderer.name, 'orderer.yaml', ordererConfig(org, orderer));
  start(ordererLaunch(orderer));
}

export function startPeer(topology: Topology, org: Organisation, peer: PeerNode): void {
  writeConfig(peer.name, 'core.yaml', peerConfig(topology, org, peer));
  start(peerLaunch(org, peer));
}

/** Mutual-TLS flags for osnadmin as the organisation's admin. */
export function osnAdminFlags(org: Organisation, orderer: OrdererNode): string[] {
  const tls = tlsFiles(userIdentityDir(org.name, adminUser));
  return [
    '-o',
    `${orderer.host}:${orderer.adminPort}`,
    '--ca-file',
    orgCaCert(org.name),
    '--client-cert',
    tls.cert,
    '--client-key',
    tls.key,
  ];
}
