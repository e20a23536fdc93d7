// Off-chain services of this deployment, run as managed processes beside the network: the indexer that
// projects the ledger into PostgreSQL, and the GraphQL gateway.
import path from 'node:path';
import { gatewayHealthy, gatewayProcess, seedDemoPeople } from '@plasma/gateway-api';
import { repoRoot, type Topology } from '@plasma/network';
import { logFile, runningPid, start, waitFor } from './processes';

export const indexerNodeName = 'indexer';
export const gatewayNodeName = gatewayProcess.name;

/** Our TypeScript services run from source through tsx, like the launcher itself. */
function startTypeScript(name: string, entry: string): void {
  if (runningPid(name) !== undefined) return;
  start({ name, command: process.execPath, args: ['--import', 'tsx', path.join(repoRoot, entry)], cwd: repoRoot });
}

export function startIndexer(): void {
  startTypeScript(indexerNodeName, 'gateway-api/src/indexer/main.ts');
}

/** Seeds the demo people (their passwords land in .data/gateway/demo-people.json), then serves GraphQL. */
export async function startGateway(topology: Topology): Promise<void> {
  await seedDemoPeople();
  startTypeScript(gatewayNodeName, gatewayProcess.entry);
  await waitFor('the gateway to answer on /health', () => gatewayHealthy(topology), 60_000, `see ${logFile(gatewayNodeName)}`);
}
