// `npm run up` integration: the devices registered on the ledger by their sites, then the device simulator and
// the ingest as detached, managed processes (their logs in .data/network/logs/cold-chain-*.log), started after
// PostgreSQL and the consortium's registration, and stopped by their process ids.
import path from 'node:path';
import { adminUser, loadTopology, organisation, type Topology } from '@plasma/network';
// Modules directly, not the package's index: the launcher imports this module, and the index imports the launcher.
import { openSession } from '@plasma/test-network/src/clients';
import { accepting, runningPid, start, stop } from '@plasma/test-network/src/processes';
import { loadColdChainConfig, type ColdChainConfig } from './config';
import { registerDevices } from './ingest/fabric-ledger';
import { provision } from './provision';

import { DEVICES_PROCESS, INGEST_PROCESS } from './process-names';

export { DEVICES_PROCESS, INGEST_PROCESS };

const cli = path.resolve(__dirname, 'cli.ts');
const repoRoot = path.resolve(__dirname, '..', '..');

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; see .data/network/logs/${what.split(' ')[0]}.log`);
}

/** Each site's admin registers the site's devices the ledger does not know yet (a second `up` registers none). */
export async function registerColdChainDevices(topology: Topology, config: ColdChainConfig): Promise<string[]> {
  const devices = config.servers.flatMap((s) => s.devices);
  const registered: string[] = [];
  for (const site of new Set(devices.map((d) => d.site))) {
    const session = openSession(topology, site, adminUser);
    try {
      const ofSite = devices.filter((d) => d.site === site).map((d) => ({ deviceId: d.id, kind: d.kind, ...(d.location === undefined ? {} : { location: d.location }) }));
      registered.push(...await registerDevices(session, organisation(topology, site).mspId, ofSite));
    } finally {
      session.close();
    }
  }
  return registered;
}

/** Registers the devices, then starts what is not running: first the device servers (and waits for their ports), then the ingest. */
export async function startColdChain(progress: (message: string) => void = () => undefined, topology: Topology = loadTopology()): Promise<void> {
  const config = loadColdChainConfig();
  const registered = await registerColdChainDevices(topology, config);
  if (registered.length > 0) progress(`cold chain: registered ${registered.join(', ')} on the ledger`);
  await provision(config);
  const launch = (name: string, command: string): void => {
    if (runningPid(name) === undefined) start({ name, command: process.execPath, args: ['--import', 'tsx', cli, command], cwd: repoRoot });
  };
  launch(DEVICES_PROCESS, 'devices');
  for (const server of config.servers) {
    await waitUntil(`${DEVICES_PROCESS} to listen on ${server.host}:${server.port}`, () => accepting(server.host, server.port), 60_000);
  }
  launch(INGEST_PROCESS, 'ingest');
  // The ingest fails fast when it cannot reach PostgreSQL or a device server: give it that long to say so.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  if (runningPid(INGEST_PROCESS) === undefined) throw new Error(`${INGEST_PROCESS} exited at start; see .data/network/logs/${INGEST_PROCESS}.log`);
  progress(`cold chain: ${config.servers.flatMap((s) => s.devices).length} devices on ${config.servers.map((s) => `opc.tcp://${s.host}:${s.port}`).join(', ')}, ingest running`);
}

/** Stops the ingest first (it stores what it buffered), then the device servers. */
export async function stopColdChain(): Promise<string[]> {
  const stopped: string[] = [];
  for (const name of [INGEST_PROCESS, DEVICES_PROCESS]) if (await stop(name)) stopped.push(name);
  return stopped;
}
