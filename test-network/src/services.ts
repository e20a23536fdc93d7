// Off-chain services of this deployment, run as managed processes beside the network: the indexer that
// projects the ledger into PostgreSQL.
import path from 'node:path';
import { repoRoot } from '@plasma/network';
import { runningPid, start } from './processes';

export const indexerNodeName = 'indexer';

/** Our TypeScript services run from source through tsx, like the launcher itself. */
function startTypeScript(name: string, entry: string): void {
  if (runningPid(name) !== undefined) return;
  start({ name, command: process.execPath, args: ['--import', 'tsx', path.join(repoRoot, entry)], cwd: repoRoot });
}

export function startIndexer(): void {
  startTypeScript(indexerNodeName, 'gateway-api/src/indexer/main.ts');
}
