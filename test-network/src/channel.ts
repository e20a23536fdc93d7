// The application channel: a genesis block from the topology, joined by every orderer through the
// channel participation API (v3 has no system channel) and by every peer.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  channelDir,
  channelProfile,
  configtx,
  nodeIdentityDir,
  orderers,
  tlsFiles,
  type Organisation,
  type Topology,
} from '@plasma/network';
import { run } from './command';
import { adminEnv, osnAdminFlags } from './nodes';

export const genesisBlock = (): string => path.join(channelDir, 'genesis.block');

export async function createGenesisBlock(topology: Topology): Promise<void> {
  if (existsSync(genesisBlock())) return;
  // Fail early, naming the path, when an orderer was never enrolled: configtxgen's own error says less.
  for (const orderer of orderers(topology)) {
    const { cert } = tlsFiles(nodeIdentityDir(orderer.org, orderer.name));
    if (!existsSync(cert)) throw new Error(`orderer ${orderer.name} has no TLS certificate at ${cert}: enrol it first`);
  }
  mkdirSync(channelDir, { recursive: true });
  writeFileSync(path.join(channelDir, 'configtx.yaml'), configtx(topology));
  await run('configtxgen', [
    '-profile',
    channelProfile,
    '-channelID',
    topology.channel,
    '-outputBlock',
    genesisBlock(),
    '-configPath',
    channelDir,
  ]);
}

export async function joinOrderers(topology: Topology): Promise<void> {
  for (const org of topology.organisations) {
    for (const orderer of org.orderers) {
      const { stdout } = await run('osnadmin', ['channel', 'list', ...osnAdminFlags(org, orderer)]);
      if (listsChannel(stdout, topology.channel)) continue;
      await run('osnadmin', [
        'channel',
        'join',
        '--channelID',
        topology.channel,
        '--config-block',
        genesisBlock(),
        ...osnAdminFlags(org, orderer),
      ]);
    }
  }
}

/** osnadmin prints the HTTP status line and then the JSON body. */
function listsChannel(output: string, channel: string): boolean {
  const body = output.slice(output.indexOf('{'));
  const list = JSON.parse(body) as { channels: { name: string }[] | null };
  return (list.channels ?? []).some((c) => c.name === channel);
}

export async function joinPeers(topology: Topology): Promise<void> {
  await Promise.all(
    topology.organisations.flatMap((org: Organisation) =>
      org.peers.map(async (peer) => {
        const env = adminEnv(org, peer);
        const { stdout } = await run('peer', ['channel', 'list'], env);
        if (stdout.split('\n').some((line) => line.trim() === topology.channel)) return;
        await run('peer', ['channel', 'join', '-b', genesisBlock()], env);
      }),
    ),
  );
}
