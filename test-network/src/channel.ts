// The application channel: a genesis block from the topology and the members' organisation cards, joined by every
// orderer through the channel participation API (v3 has no system channel) and by every peer.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  channelDir,
  channelProfile,
  configtx,
  type Organisation,
  receiveOrganisationCard,
  receivedCard,
  type Topology,
  writeOrganisationCard,
} from '@plasma/network';
import { run } from './command';
import { adminEnv, osnAdminFlags } from './nodes';

export const genesisBlock = (): string => path.join(channelDir, 'genesis.block');

/**
 * Each organisation hands out its card, signed by its admin, and every card is received (verified and laid out for the
 * channel's configuration). On one host this is a file read; between hosts the card travels as that file.
 */
export function exchangeOrganisationCards(topology: Topology): void {
  const handedOut = topology.organisations.map((org) => ({ org, text: readFileSync(writeOrganisationCard(org), 'utf8') }));
  for (const { org, text } of handedOut) receiveOrganisationCard(org, text);
}

/** The channel's genesis block, from the members' cards as received (each checked again, and against the topology). */
export async function createGenesisBlock(topology: Topology): Promise<void> {
  if (existsSync(genesisBlock())) return;
  for (const org of topology.organisations) receivedCard(org);
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

/** The organisation's admin joins each of its orderers that has not joined the channel yet. */
export async function joinOrderers(topology: Topology, org: Organisation): Promise<void> {
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

/** osnadmin prints the HTTP status line and then the JSON body. */
function listsChannel(output: string, channel: string): boolean {
  const body = output.slice(output.indexOf('{'));
  const list = JSON.parse(body) as { channels: { name: string }[] | null };
  return (list.channels ?? []).some((c) => c.name === channel);
}

/** The organisation's admin joins each of its peers that has not joined the channel yet. */
export async function joinPeers(topology: Topology, org: Organisation): Promise<void> {
  await Promise.all(
    org.peers.map(async (peer) => {
      const env = adminEnv(org, peer);
      const { stdout } = await run('peer', ['channel', 'list'], env);
      if (stdout.split('\n').some((line) => line.trim() === topology.channel)) return;
      await run('peer', ['channel', 'join', '-b', genesisBlock()], env);
    }),
  );
}
