// The application channel: a genesis block from the topology and the members' organisation cards, joined by every
// orderer through the channel participation API (v3 has no system channel) and by every peer.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  channelDir,
  channelProfile,
  configtx,
  type OrdererNode,
  type Organisation,
  receiveOrganisationCard,
  receivedCard,
  type Topology,
  writeOrganisationCard,
} from '@plasma/network';
import { adminEnv, runFabricTool } from '@plasma/platform';
import { osnAdminFlags } from './nodes';

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
  await runFabricTool('configtxgen', [
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
    if (listsChannel(await osnadmin(['channel', 'list', ...osnAdminFlags(org, orderer)]), topology.channel)) continue;
    await osnadmin(['channel', 'join', '--channelID', topology.channel, '--config-block', genesisBlock(), ...osnAdminFlags(org, orderer)]);
  }
}

/** How many blocks of the channel `orderer` has, as its organisation's admin asks its admin API. */
export async function ordererHeight(topology: Topology, org: Organisation, orderer: OrdererNode): Promise<number> {
  const info = await osnadmin(['channel', 'list', '--channelID', topology.channel, ...osnAdminFlags(org, orderer)]);
  return (info as { height: number }).height;
}

/**
 * osnadmin prints the HTTP status line and then the JSON body, and exits 0 whatever the status: an answer other than
 * 2xx is an error, with the orderer's reason.
 */
async function osnadmin(args: readonly string[]): Promise<unknown> {
  const { stdout } = await runFabricTool('osnadmin', args);
  const status = Number(/^Status: (\d+)/m.exec(stdout)?.[1]);
  const body = stdout.includes('{') ? (JSON.parse(stdout.slice(stdout.indexOf('{'))) as unknown) : undefined;
  if (!(status >= 200 && status < 300)) {
    throw new Error(`osnadmin channel ${args[1] ?? ''} answered ${status}: ${(body as { error?: string } | undefined)?.error ?? stdout}`);
  }
  return body;
}

function listsChannel(list: unknown, channel: string): boolean {
  return ((list as { channels: { name: string }[] | null }).channels ?? []).some((c) => c.name === channel);
}

/** The organisation's admin joins each of its peers that has not joined the channel yet. */
export async function joinPeers(topology: Topology, org: Organisation): Promise<void> {
  await Promise.all(
    org.peers.map(async (peer) => {
      const env = adminEnv(org, peer);
      const { stdout } = await runFabricTool('peer', ['channel', 'list'], env);
      if (stdout.split('\n').some((line) => line.trim() === topology.channel)) return;
      await runFabricTool('peer', ['channel', 'join', '-b', genesisBlock()], env);
    }),
  );
}
