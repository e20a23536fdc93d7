// An organisation's two long-running processes as the launcher composes them: its indexer, which projects the ledger
// into its own database, and its GraphQL gateway, which serves the explorer too. Each runs from source through tsx,
// told its organisation by PLASMA_ORGANISATION. This module stays light (no GraphQL server, no CA client until a
// start), so that `npm run status` loads little.
import { request } from 'node:http';
import path from 'node:path';
import type { Organisation } from '@plasma/network';
import {
  logFile,
  organisationEnvironment,
  runningPid,
  type Service,
  startUnlessRunning,
  stop,
  typeScriptLaunch,
  waitFor,
} from '@plasma/platform';

/** True when the organisation's gateway answers 200 on /health. */
export function gatewayHealthy(org: Organisation, timeoutMs = 3000): Promise<boolean> {
  const { host, port } = org.gateway;
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/health', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The organisation's gateway's base URL, e.g. http://127.0.0.1:4300. */
export const gatewayUrl = (org: Organisation): string => `http://${org.gateway.host}:${org.gateway.port}`;

const processName = (kind: 'indexer' | 'gateway', org: Organisation): string => `${kind}-${org.name.toLowerCase()}`;

/** Follows the channel's blocks into the organisation's database; healthy while it runs (its progress is its checkpoint). */
export function indexerService(org: Organisation): Service {
  const name = processName('indexer', org);
  const launch = typeScriptLaunch(name, path.join(__dirname, 'indexer', 'main.ts'), [], organisationEnvironment(org.name));
  return {
    name,
    kind: 'indexer',
    org: org.name,
    launch,
    async start() {
      startUnlessRunning(launch);
    },
    stop: () => stop(name),
    async health() {
      const pid = runningPid(name) ?? null;
      return { address: '-', pid, healthy: pid !== null };
    },
  };
}

/**
 * Builds the explorer when a source changed, seeds the organisation's demo people (their passwords land in
 * .data/gateway/<org>/demo-people.json), then serves GraphQL and the explorer; started once it answers on /health.
 */
export function gatewayService(org: Organisation): Service {
  const name = processName('gateway', org);
  const launch = typeScriptLaunch(name, path.join(__dirname, 'main.ts'), [], organisationEnvironment(org.name));
  return {
    name,
    kind: 'gateway',
    org: org.name,
    launch,
    async start({ progress }) {
      const { buildExplorerUi } = await import('./http/explorer-ui-build');
      if (buildExplorerUi()) progress('built the explorer UI');
      const { seedDemoPeople } = await import('./people/demo-people');
      const { loadConfig } = await import('./config');
      await seedDemoPeople(loadConfig(org.name));
      startUnlessRunning(launch);
      await waitFor(`${name} to answer on /health`, () => gatewayHealthy(org), 60_000, `see ${logFile(name)}`);
    },
    stop: () => stop(name),
    async health() {
      const pid = runningPid(name) ?? null;
      const healthy = pid !== null && (await gatewayHealthy(org));
      return { address: `${gatewayUrl(org)}/graphql`, pid, healthy };
    },
  };
}
