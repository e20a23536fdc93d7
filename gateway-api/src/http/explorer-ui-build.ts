// The explorer UI the gateway serves, built from the explorer-ui workspace into its dist/ (by `npm run up`, when a
// source changed). Apart from serving (explorer-ui.ts), so that the launcher's side loads no HTTP framework.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const explorerUiRoot = path.dirname(require.resolve('@plasma/explorer-ui/package.json'));
export const explorerUiDir = path.join(explorerUiRoot, 'dist');
const SOURCES = ['src', 'index.html', 'vite.config.mts', 'package.json'];

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((entry) => newestChange(path.join(file, entry))));
}

/** Builds explorer-ui/dist unless it is newer than every source; true when it built. */
export function buildExplorerUi(): boolean {
  const page = path.join(explorerUiDir, 'index.html');
  const built = existsSync(page) ? statSync(page).mtimeMs : 0;
  if (SOURCES.every((source) => newestChange(path.join(explorerUiRoot, source)) < built)) return false;
  // Resolved from the workspace itself, wherever npm placed vite (its bin is not among its exports).
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [explorerUiRoot] })), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: explorerUiRoot, stdio: 'inherit' });
  return true;
}
