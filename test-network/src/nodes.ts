// Starting orderers and peers from their generated configuration, and the environment the peer CLI
// needs to act as an organisation's admin.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  address,
  adminUser,
  binary,
  chaincodeClientTlsEnv,
  firstPeer,
  nodeConfigDir,
  nodeLedgerDir,
  ordererConfig,
  orderers,
  type OrdererNode,
  type Organisation,
  orgCaCert,
  peerConfig,
  receivedTlsCaCert,
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

/** Environment for `peer` CLI commands run as the organisation's admin against one of its peers. */
export function adminEnv(org: Organisation, peer: PeerNode = firstPeer(org)): Record<string, string> {
  return {
    FABRIC_CFG_PATH: nodeConfigDir(peer.name),
    FABRIC_LOGGING_SPEC: 'warn',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: userIdentityDir(org.name, adminUser).msp,
    CORE_PEER_ADDRESS: address(peer),
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: orgCaCert(org.name),
  };
}

/** How the peer CLI reaches the ordering service (its first orderer, over TLS with its organisation's TLS root as received). */
export function ordererFlags(topology: Topology): string[] {
  const orderer = orderers(topology)[0]!;
  return ['-o', address(orderer), '--tls', '--cafile', receivedTlsCaCert(orderer.org)];
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
