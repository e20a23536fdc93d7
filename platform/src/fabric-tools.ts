// Runs a Fabric command-line tool and fails with what it printed, so that errors say what went wrong; and the
// environment the peer CLI needs to act as an organisation's admin.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  address,
  adminUser,
  binary,
  firstPeer,
  nodeConfigDir,
  orderers,
  type Organisation,
  orgCaCert,
  type PeerNode,
  receivedTlsCaCert,
  type Topology,
  userIdentityDir,
} from '@plasma/network';

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export function fabricBinary(name: string): string {
  const file = binary(name);
  if (!existsSync(file)) throw new Error(`${file} is missing; run 'npm run install:fabric' (npm run up does it for you)`);
  return file;
}

export function runFabricTool(tool: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(fabricBinary(tool), args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const output = `${stderr}\n${stdout}`.trim().split('\n').slice(-15).join('\n');
        const firstFlag = args.findIndex((a) => a.startsWith('-'));
        const verb = args.slice(0, firstFlag === -1 ? args.length : firstFlag).join(' ');
        const actor = env.CORE_PEER_LOCALMSPID ? ` as ${env.CORE_PEER_LOCALMSPID} admin` : '';
        reject(new Error(`${tool} ${verb} failed${actor}:\n${output}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
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
