// What every throughput bench measures the same way (issue 15, "Measure first"): latency percentiles, the whole
// machine's busy CPU from /proc/stat (kernel time and the bench's own share included), a failure's reason as a count
// key, the load before the run, and the figures written as JSON to .data/bench/<name>.json beside what is printed.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@plasma/network';
import { ledgerErrorMessage } from '@plasma/platform';

/** The value at fraction `p` of ascending `sorted`; NaN for none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** CPU time the whole machine spent busy (every state but idle and iowait), in ms, from /proc/stat. */
export function busyCpuMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  const hz = 100; // USER_HZ on Linux
  return ((user + nice + system + irq + softirq + steal) * 1000) / hz;
}

/** A refusal's reason as a count key: the chaincode's own message when it refused, without the DIN or bag that vary. */
export const failureReason = (error: unknown): string =>
  ledgerErrorMessage(error)
    .replace(/\b[A-Z]\d{4}\d{2}\d{6}[0-9A-Z*]?\b/g, '<din>')
    .replace(/donations\[\d+\]/g, 'donations[i]')
    .slice(0, 160);

/** Counts failures by reason. */
export class Failures {
  readonly byReason: Record<string, number> = {};
  add(reason: string): void {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
  }
  get count(): number {
    return Object.values(this.byReason).reduce((a, b) => a + b, 0);
  }
  toString(): string {
    return Object.entries(this.byReason)
      .map(([why, count]) => `${count} × ${why}`)
      .join('; ');
  }
}

/** The 1- and 5-minute load averages, to print before a run. */
export const loadBefore = (): readonly [number, number] => {
  const [one = 0, five = 0] = os.loadavg();
  return [one, five];
};

/** Writes a bench's figures to .data/bench/<name>.json (at least txPerSecond, p50Ms, p95Ms, cpuMsPerTx, failures). */
export function writeFigures(name: string, figures: Record<string, unknown>): void {
  const out = path.join(repoRoot, '.data', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${name}.json`), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

/** Process groups a CPU breakdown names, each by what its command line holds (the first that matches counts). */
const GROUPS: readonly (readonly [group: string, pattern: RegExp])[] = [
  ['peers', /\bpeer node start\b/],
  ['orderers', /\borderer\b/],
  ['chaincode servers', /chaincode/],
  ['PostgreSQL', /postgres/],
  ['indexers', /indexer/],
  ['gateways', /gateway/],
  ['cold chain', /cold-chain/],
];

/** CPU time (user + system, ms) every process has used so far, by group; this process is "bench", the rest "other". */
export function cpuByGroup(): Map<string, number> {
  const groups = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const group = Number(pid) === process.pid ? 'bench' : (GROUPS.find(([, pattern]) => pattern.test(command))?.[0] ?? 'other');
      groups.set(group, (groups.get(group) ?? 0) + ms);
    } catch {
      // The process ended meanwhile.
    }
  }
  return groups;
}

/**
 * Per transaction, the CPU each group spent between two readings of cpuByGroup and busyCpuMs, and what no process
 * accounts for (the kernel's own work, and processes that ended), largest first.
 */
export function cpuBreakdown(
  before: { readonly groups: Map<string, number>; readonly busy: number },
  after: { readonly groups: Map<string, number>; readonly busy: number },
  transactions: number,
): Record<string, number> {
  const spent = [...after.groups].map(([group, ms]) => [group, (ms - (before.groups.get(group) ?? 0)) / transactions] as const);
  const processes = spent.reduce((sum, [, ms]) => sum + ms, 0);
  const rows = [...spent, ['unaccounted (kernel, ended processes)', (after.busy - before.busy) / transactions - processes] as const];
  return Object.fromEntries(rows.filter(([, ms]) => ms > 0.05).sort((a, b) => b[1] - a[1]));
}

/** A CPU reading for cpuBreakdown. */
export const cpuReading = (): { readonly groups: Map<string, number>; readonly busy: number } => ({
  groups: cpuByGroup(),
  busy: busyCpuMs(),
});
