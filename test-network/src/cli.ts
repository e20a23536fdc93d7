// npm run up | down [-- --clean] | status [-- --json] | deploy
import { loadTopology, logsDir, dataRoot } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import { down, redeploy, up } from './launcher';
import { networkStatus, type NodeStatus } from './health';

/** A clock offset in seconds, signed: `+0.3 s`, `0.0 s`; `-` when the node shows no clock. */
function clock(offsetMs: number | null): string {
  if (offsetMs === null) return '-';
  const seconds = (Math.abs(offsetMs) / 1000).toFixed(1);
  return seconds === '0.0' ? '0.0 s' : `${offsetMs > 0 ? '+' : '-'}${seconds} s`;
}

function table(nodes: readonly NodeStatus[]): string {
  const rows = [
    ['NODE', 'KIND', 'ORG', 'ADDRESS', 'PID', 'CLOCK', 'HEALTH'],
    ...nodes.map((n) => [n.name, n.kind, n.org, n.address, String(n.pid ?? '-'), clock(n.clockOffsetMs), n.detail]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const [command, ...flags] = process.argv.slice(2);
  const topology = loadTopology();
  const log = (message: string): void => console.log(message);
  switch (command) {
    case 'up': {
      await up(topology, log);
      const nodes = await networkStatus(topology);
      console.log(`\n${table(nodes)}\n\nLogs: ${logsDir}\nData: ${dataRoot}\nStop: npm run down   (add -- --clean to delete the ledgers)`);
      return nodes.every((n) => n.healthy) ? 0 : 1;
    }
    case 'down':
      await down(topology, flags.includes('--clean'), log);
      return 0;
    case 'deploy':
      await redeploy(topology, log);
      return 0;
    case 'status': {
      const nodes = await networkStatus(topology);
      console.log(flags.includes('--json') ? JSON.stringify(nodes, null, 2) : table(nodes));
      return nodes.every((n) => n.healthy) ? 0 : 1;
    }
    default:
      console.error('usage: cli.ts up | down [--clean] | status [--json] | deploy');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${errorMessage(error)}`);
    process.exit(1);
  },
);
