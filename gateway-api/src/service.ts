// The gateway's two long-running processes as the launcher composes them: the indexer, which projects the ledger
// into PostgreSQL, and the GraphQL gateway, which serves the explorer too. Each runs from source through tsx. This
// module stays light (no GraphQL server, no CA client until a start), so that `npm run status` loads little.
import { request } from 'node:http';
import path from 'node:path';
import type { Topology } from '@plasma/network';
import { logFile, runningPid, type Service, startTypeScript, stop, waitFor } from '@plasma/platform';

const INDEXER = 'indexer';
const GATEWAY = 'gateway';

/** True when the gateway of this topology answers 200 on /health. */
export function gatewayHealthy(topology: Topology, timeoutMs = 3000): Promise<boolean> {
  const { host, port } = topology.services.gateway;
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

/** Follows the channel's blocks into PostgreSQL; healthy while it runs (how far it has come is its checkpoint). */
export const indexerService: Service = {
  name: INDEXER,
  kind: 'indexer',
  async start() {
    startTypeScript(INDEXER, path.join(__dirname, 'indexer', 'main.ts'));
  },
  stop: () => stop(INDEXER),
  async health() {
    const pid = runningPid(INDEXER) ?? null;
    return { address: '-', pid, healthy: pid !== null };
  },
};

/**
 * Builds the explorer when a source changed, seeds the demo people (their passwords land in
 * .data/gateway/demo-people.json), then serves GraphQL and the explorer; started once it answers on /health.
 */
export const gatewayService: Service = {
  name: GATEWAY,
  kind: 'gateway',
  async start({ topology, progress }) {
    const { buildExplorerUi } = await import('./http/explorer-ui-build');
    if (buildExplorerUi()) progress('built the explorer UI');
    const { seedDemoPeople } = await import('./people/demo-people');
    await seedDemoPeople();
    startTypeScript(GATEWAY, path.join(__dirname, 'main.ts'));
    await waitFor('the gateway to answer on /health', () => gatewayHealthy(topology), 60_000, `see ${logFile(GATEWAY)}`);
  },
  stop: () => stop(GATEWAY),
  async health(topology) {
    const { host, port } = topology.services.gateway;
    const pid = runningPid(GATEWAY) ?? null;
    const healthy = pid !== null && (await gatewayHealthy(topology));
    return { address: `http://${host}:${port}/graphql`, pid, healthy };
  },
};
