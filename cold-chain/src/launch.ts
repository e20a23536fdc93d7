// `npm run up` integration: the device simulator and the ingest as detached, managed processes (their logs
// in .data/network/logs/cold-chain-*.log), started after PostgreSQL and stopped by their process ids.
import path from 'node:path';
// processes.ts directly, not the package's index: the launcher imports this module, and the index imports the launcher.
import { accepting, runningPid, start, stop } from '@plasma/test-network/src/processes';
import { loadColdChainConfig } from './config';
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

/** Starts what is not running: first the device servers (and waits for their ports), then the ingest. */
export async function startColdChain(progress: (message: string) => void = () => undefined): Promise<void> {
  const config = loadColdChainConfig();
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
