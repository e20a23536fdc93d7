// Changes to the channel's configuration, each worked out and signed by the admins whose change it is, with Fabric's
// own tools (peer channel fetch / signconfigtx / update, configtxlator): a member joining or leaving (test-network's
// membership), or an organisation changing its own MSP (its CA's revocation list, the gateway's revocations).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toCanonicalJson } from '@plasma/chaincode';
import type { Organisation, Topology } from '@plasma/network';
import { adminEnv, ordererFlags, runFabricTool as run } from '../fabric-tools';

export type ConfigJson = { channel_group: { groups: { Application: { groups: Record<string, unknown> } } } };

async function decode(file: string, type: string): Promise<unknown> {
  await run('configtxlator', ['proto_decode', '--input', file, '--type', type, '--output', `${file}.decoded.json`]);
  return JSON.parse(readFileSync(`${file}.decoded.json`, 'utf8'));
}

async function encode(json: unknown, type: string, file: string): Promise<void> {
  writeFileSync(`${file}.json`, JSON.stringify(json));
  await run('configtxlator', ['proto_encode', '--input', `${file}.json`, '--type', type, '--output', file]);
}

/** The channel's current configuration, as `admin`'s admin fetches it from the ordering service into `dir`. */
export async function channelConfig(topology: Topology, admin: Organisation, dir: string): Promise<ConfigJson> {
  mkdirSync(dir, { recursive: true });
  const block = path.join(dir, 'config-block.pb');
  await run('peer', ['channel', 'fetch', 'config', block, '-c', topology.channel, ...ordererFlags(topology)], adminEnv(admin));
  return ((await decode(block, 'common.Block')) as { data: { data: { payload: { data: { config: ConfigJson } } }[] } }).data.data[0]!
    .payload.data.config;
}

/** A change to the channel's configuration: each admin applies it to the configuration it fetched itself. */
export type ConfigChange = (config: ConfigJson) => void;

/** The update `change` makes of the channel's configuration as `admin`'s admin fetches it now, worked out in `dir`. */
async function computeUpdate(topology: Topology, admin: Organisation, dir: string, change: ConfigChange): Promise<unknown> {
  rmSync(dir, { recursive: true, force: true });
  const config = await channelConfig(topology, admin, dir);
  const updated = structuredClone(config);
  change(updated);
  const original = path.join(dir, 'config.pb');
  const modified = path.join(dir, 'modified.pb');
  await encode(config, 'common.Config', original);
  await encode(updated, 'common.Config', modified);
  const update = path.join(dir, 'update.pb');
  await run('configtxlator', [
    'compute_update',
    '--channel_id',
    topology.channel,
    '--original',
    original,
    '--updated',
    modified,
    '--output',
    update,
  ]);
  return decode(update, 'common.ConfigUpdate');
}

/**
 * `preparer`'s admin works out the update `change` makes and writes it as an unsigned envelope in `dir`; returns its
 * file, which the members' admins then check and sign in turn.
 */
export async function prepareConfigUpdate(topology: Topology, preparer: Organisation, dir: string, change: ConfigChange): Promise<string> {
  const update = await computeUpdate(topology, preparer, path.join(dir, 'prepared'), change);
  const envelope = path.join(dir, 'update-envelope.pb');
  await encode(
    { payload: { header: { channel_header: { channel_id: topology.channel, type: 2 } }, data: { config_update: update } } },
    'common.Envelope',
    envelope,
  );
  return envelope;
}

/**
 * An admin signs only what it would have prepared itself: it works out the update `change` makes of the configuration
 * it fetches, and refuses an envelope whose update is any other (a preparer who slipped in another change).
 */
async function checkConfigUpdate(topology: Topology, admin: Organisation, envelope: string, change: ConfigChange): Promise<void> {
  const own = await computeUpdate(topology, admin, `${envelope}.check-${admin.name.toLowerCase()}`, change);
  const handed = ((await decode(envelope, 'common.Envelope')) as { payload: { data: { config_update: unknown } } }).payload.data
    .config_update;
  if (toCanonicalJson(handed) !== toCanonicalJson(own)) {
    throw new Error(`${admin.name}'s admin refuses to sign ${envelope}: its update is not the change it was asked to approve`);
  }
}

/** `signer`'s admin checks the update envelope it was handed, then signs it (its own copy, handed on). */
export async function signConfigUpdate(topology: Topology, signer: Organisation, envelope: string, change: ConfigChange): Promise<void> {
  await checkConfigUpdate(topology, signer, envelope, change);
  const own = `${envelope}.${signer.name.toLowerCase()}`;
  copyFileSync(envelope, own);
  await run('peer', ['channel', 'signconfigtx', '-f', own], adminEnv(signer));
  copyFileSync(own, envelope);
}

/** `submitter`'s admin checks the update and submits it (adding its own signature); the orderer checks the channel's policies. */
export async function submitConfigUpdate(
  topology: Topology,
  submitter: Organisation,
  envelope: string,
  change: ConfigChange,
): Promise<void> {
  await checkConfigUpdate(topology, submitter, envelope, change);
  await run('peer', ['channel', 'update', '-f', envelope, '-c', topology.channel, ...ordererFlags(topology)], adminEnv(submitter));
}

/** Prepared by the first admin of `signers`, signed by every one but the last, who submits it. */
export async function changeChannel(
  topology: Topology,
  signers: readonly Organisation[],
  dir: string,
  change: ConfigChange,
): Promise<void> {
  const envelope = await prepareConfigUpdate(topology, signers[0]!, dir, change);
  for (const signer of signers.slice(0, -1)) await signConfigUpdate(topology, signer, envelope, change);
  await submitConfigUpdate(topology, signers[signers.length - 1]!, envelope, change);
}
