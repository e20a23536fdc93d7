// What the launcher needs to run the gateway as one of its managed nodes: its name, its entry point
// (run from the repository root with tsx) and whether it answers.
import { request } from 'node:http';
import type { Topology } from '@plasma/network';

export const gatewayProcess = { name: 'gateway', entry: 'gateway-api/src/main.ts' } as const;

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
