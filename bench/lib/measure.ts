// What every throughput bench measures the same way (issue 15, "Measure first"): the load averages and an idle
// baseline before the run (a run with foreign load above 5 % of the machine is flagged), a warm-up that is not
// measured, then repeats, each with its latency percentiles, the whole machine's CPU and context switches per
// transaction split by process group (from /proc, kernel time included), and failures by reason; the median of the
// repeats is what a bench reports. The figures go as JSON to .data/bench/<name>.json (under PLASMA_DATA_DIR when set)
// beside what is printed.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os, { getPriority, setPriority } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dataHome } from '@plasma/network';
import { ledgerErrorMessage } from '@plasma/platform';
import {
  BENCH,
  COLD_CHAIN,
  type ContextSwitches,
  type GroupUsage,
  type IdleBaseline,
  FOREIGN_LOAD_LIMIT,
  idleBaseline,
  parseContextSwitches,
  parseProcessCpuMs,
  parseProcStat,
  processGroup,
  type Reading,
  UNACCOUNTED,
  usagePerTransaction,
} from './proc';
import { describeLoad, drive, type Driven, type Send } from './schedule';
import { type BenchSettings } from './settings';
import { medianFigures, percentile } from './statistics';

/** A failure's message as a count key: without the DIN, bag or instant that vary, cut short. */
export const reasonKey = (message: string): string =>
  message
    .replace(/\b\d{4}-\d{2}-\d{2}T[\d:.]+Z\b/g, '<time>')
    .replace(/\b[A-Z]\d{4}\d{2}\d{6}[0-9A-Z*]?\b/g, '<din>')
    .replace(/donations\[\d+\]/g, 'donations[i]')
    .slice(0, 160);

/** A refusal's reason as a count key: the chaincode's own message when it refused, as reasonKey keys it. */
export const failureReason = (error: unknown): string => reasonKey(ledgerErrorMessage(error));

/** Reasons (count keys) counted. */
export function countReasons(reasons: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

/** Failures counted by reason. */
const byReason = (errors: readonly unknown[]): Record<string, number> => countReasons(errors.map(failureReason));

export const describeReasons = (reasons: Readonly<Record<string, number>>): string =>
  Object.entries(reasons)
    .map(([why, count]) => `${count} × ${why}`)
    .join('; ');

/** Beside the system it measured: .data/bench, or under PLASMA_DATA_DIR (the BFT network's .data-bft, say). */
const figuresFile = (name: string): string => path.join(dataHome, 'bench', `${name}.json`);

/** Writes a bench's figures to <data directory>/bench/<name>.json. */
export function writeFigures(name: string, figures: Record<string, unknown>): void {
  mkdirSync(path.dirname(figuresFile(name)), { recursive: true });
  writeFileSync(figuresFile(name), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

/** A bench's last figures as writeFigures wrote them on this host; undefined when it has not run here. */
export function readFigures(name: string): Record<string, any> | undefined {
  return existsSync(figuresFile(name)) ? (JSON.parse(readFileSync(figuresFile(name), 'utf8')) as Record<string, any>) : undefined;
}

/** Every running process: its id, and its command line with NULs as spaces. */
function processes(): { pid: number; command: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        return [{ pid: Number(pid), command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') }];
      } catch {
        return []; // The process ended meanwhile.
      }
    });
}

/** The threads of the bench's own process and of the cold chain's, by process. */
function loadThreads(): Map<number, number[]> {
  const threads = new Map<number, number[]>();
  for (const { pid, command } of processes()) {
    const group = processGroup(command, pid === process.pid);
    if (group !== BENCH && group !== COLD_CHAIN) continue;
    try {
      threads.set(pid, readdirSync(`/proc/${pid}/task`).map(Number));
    } catch {
      // The process ended meanwhile.
    }
  }
  return threads;
}

/** A priority set on a thread that may have ended since it was listed: only its absence (ESRCH) is no failure. */
function setThreadPriority(tid: number, niceness: number): void {
  try {
    setPriority(tid, niceness);
  } catch (error) {
    // Node's SystemError carries the system's code in `info`.
    if ((error as { info?: { code?: string } }).info?.code !== 'ESRCH') throw error;
  }
}

/** Each process's and thread's priority as the bench found it, before lowerLoadPriority changed it. */
const foundPriorities = new Map<number, number>();

/**
 * Every thread of the bench's own process and of the cold chain's at nice 10, leaving the CPU to the network first
 * (Linux sets a priority per thread; threads started later take their parent's). restoreLoadPriority undoes it.
 */
export function lowerLoadPriority(): void {
  for (const tids of loadThreads().values()) {
    for (const tid of tids) {
      if (!foundPriorities.has(tid)) {
        try {
          foundPriorities.set(tid, getPriority(tid));
        } catch {
          continue; // The thread ended meanwhile.
        }
      }
      setThreadPriority(tid, 10);
    }
  }
}

/** The bench's and the cold chain's threads back at the priority they were found at (threads started since, at their process's). */
export function restoreLoadPriority(): void {
  for (const [pid, tids] of loadThreads()) {
    const processFound = foundPriorities.get(pid);
    for (const tid of tids) {
      const found = foundPriorities.get(tid) ?? processFound;
      if (found !== undefined) setThreadPriority(tid, found);
    }
  }
  foundPriorities.clear();
}

/** The CPU and context switches of every process so far, by group. */
function readGroups(): Map<string, GroupUsage> {
  const groups = new Map<string, GroupUsage>();
  for (const { pid, command } of processes()) {
    try {
      const cpuMs = parseProcessCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      const switches = readdirSync(`/proc/${pid}/task`).reduce<ContextSwitches>(
        (sum, tid) => {
          try {
            const thread = parseContextSwitches(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'));
            return { voluntary: sum.voluntary + thread.voluntary, involuntary: sum.involuntary + thread.involuntary };
          } catch {
            return sum; // The thread ended meanwhile.
          }
        },
        { voluntary: 0, involuntary: 0 },
      );
      const group = processGroup(command, pid === process.pid);
      const was = groups.get(group) ?? { cpuMs: 0, voluntary: 0, involuntary: 0 };
      groups.set(group, {
        cpuMs: was.cpuMs + cpuMs,
        voluntary: was.voluntary + switches.voluntary,
        involuntary: was.involuntary + switches.involuntary,
      });
    } catch {
      // The process ended meanwhile.
    }
  }
  return groups;
}

/** The machine and every process group now. */
export const readNow = (): Reading => ({ machine: parseProcStat(readFileSync('/proc/stat', 'utf8')), groups: readGroups() });

const BASELINE_SECONDS = 3;
const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)} %`;

/** What was seen before the measured runs, as the JSON holds it. */
export interface Prepared {
  readonly loadAverageBefore: readonly [number, number];
  readonly idleBaseline: IdleBaseline;
  readonly foreignLoadFlagged: boolean;
}

/** Before measuring: the load averages and the idle baseline (flagged when foreign load is high), printed. */
export async function observeBefore(): Promise<Prepared> {
  const [one = 0, five = 0] = os.loadavg();
  console.log(`  load average before the run: ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min)`);
  const before = readNow();
  await sleep(BASELINE_SECONDS * 1000);
  const baseline = idleBaseline(before, readNow(), BASELINE_SECONDS);
  console.log(
    `  idle baseline over ${BASELINE_SECONDS} s: machine ${percent(baseline.busyFraction)} busy, ` +
      `foreign load ${percent(baseline.foreignLoadFraction)} (other processes, kernel, steal), steal ${percent(baseline.stealFraction)}`,
  );
  if (baseline.foreignLoadFlagged) {
    console.log(
      `WARNING: foreign load ${percent(baseline.foreignLoadFraction)} of the machine before the run, above ${percent(FOREIGN_LOAD_LIMIT)}: ` +
        'something else shares these cores, so these figures understate the system',
    );
  }
  return { loadAverageBefore: [one, five], idleBaseline: baseline, foreignLoadFlagged: baseline.foreignLoadFlagged };
}

/** Before measuring: what observeBefore sees, then the warm-up. */
export async function prepare(settings: BenchSettings, send: Send): Promise<Prepared> {
  const prepared = await observeBefore();
  if (settings.warmup > 0) {
    const warm = await drive(settings.load, settings.warmup, send);
    const failed = warm.errors.length > 0 ? `; failed: ${describeReasons(byReason(warm.errors))}` : '';
    console.log(`  warm-up: ${settings.warmup} transactions in ${warm.seconds.toFixed(1)} s, not measured${failed}`);
  }
  return prepared;
}

/** One measured run's figures (a type, so its median can be taken key by key). */
export type RunFigures = {
  readonly committed: number;
  readonly seconds: number;
  readonly txPerSecond: number;
  readonly bagsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerTx: number;
  readonly cpuMsPerBag: number;
  /** Per committed transaction, by process group, and what no process accounts for. */
  readonly cpuMsPerTxByGroup: Readonly<Record<string, number>>;
  /** The machine's, from /proc/stat. */
  readonly contextSwitchesPerTx: number;
  /** Every thread's of each group, from /proc/<pid>/task/<tid>/status. */
  readonly contextSwitchesPerTxByGroup: Readonly<Record<string, ContextSwitches>>;
  readonly failures: number;
  readonly failuresByReason: Readonly<Record<string, number>>;
};

function runFigures(run: Driven, before: Reading, after: Reading, bagsPerTransaction: number): RunFigures {
  const committed = run.latenciesMs.length;
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const usage = committed > 0 ? usagePerTransaction(before, after, committed) : undefined;
  return {
    committed,
    seconds: run.seconds,
    txPerSecond: committed / run.seconds,
    bagsPerSecond: (committed * bagsPerTransaction) / run.seconds,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    cpuMsPerTx: usage?.cpuMsPerTx ?? NaN,
    cpuMsPerBag: (usage?.cpuMsPerTx ?? NaN) / bagsPerTransaction,
    cpuMsPerTxByGroup: usage?.cpuMsPerTxByGroup ?? {},
    contextSwitchesPerTx: usage?.contextSwitchesPerTx ?? NaN,
    contextSwitchesPerTxByGroup: usage?.contextSwitchesPerTxByGroup ?? {},
    failures: run.errors.length,
    failuresByReason: byReason(run.errors),
  };
}

/** One line of a run's figures. */
export function describeRun(f: RunFigures, bagsPerTransaction: number): string {
  const bags = bagsPerTransaction > 1 ? `, ${f.bagsPerSecond.toFixed(0)} bags/s` : '';
  const perBag = bagsPerTransaction > 1 ? ` (${f.cpuMsPerBag.toFixed(2)} ms/bag)` : '';
  return (
    `${f.txPerSecond.toFixed(1)} tx/s${bags}, p50 ${f.p50Ms.toFixed(0)} ms, p95 ${f.p95Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms, ` +
    `CPU ${f.cpuMsPerTx.toFixed(1)} ms/tx${perBag}, ${f.contextSwitchesPerTx.toFixed(0)} context switches/tx, ${f.failures} failed`
  );
}

/** The median run's CPU and context switches by group, and its failures, indented by `indent`. */
export function printBreakdown(f: RunFigures, indent: string): void {
  const cpu = Object.entries(f.cpuMsPerTxByGroup).map(([group, ms]) => `${group === UNACCOUNTED ? 'unaccounted' : group} ${ms.toFixed(1)}`);
  console.log(`${indent}CPU ms/tx by group: ${cpu.join(', ')}`);
  const switches = Object.entries(f.contextSwitchesPerTxByGroup)
    .sort((a, b) => b[1].voluntary + b[1].involuntary - (a[1].voluntary + a[1].involuntary))
    .map(([group, s]) => `${group} ${s.voluntary.toFixed(1)}/${s.involuntary.toFixed(1)}`);
  console.log(`${indent}context switches/tx by group, voluntary/involuntary: ${switches.join(', ')}`);
  if (f.failures > 0) console.log(`${indent}failed: ${describeReasons(f.failuresByReason)}`);
}

export interface Measured {
  readonly median: RunFigures;
  readonly repeats: readonly RunFigures[];
}

/** The measured repeats of `transactions` transactions each, every one printed, and their median. */
export async function measureRepeats(options: {
  readonly settings: BenchSettings;
  readonly transactions: number;
  readonly bagsPerTransaction: number;
  readonly send: Send;
  readonly indent: string;
}): Promise<Measured> {
  const { settings, transactions, bagsPerTransaction, send, indent } = options;
  const repeats: RunFigures[] = [];
  for (let repeat = 1; repeat <= settings.repeats; repeat += 1) {
    const before = readNow();
    const run = await drive(settings.load, transactions, send);
    const figures = runFigures(run, before, readNow(), bagsPerTransaction);
    repeats.push(figures);
    console.log(`${indent}repeat ${repeat}: ${describeRun(figures, bagsPerTransaction)}`);
  }
  return { median: medianFigures(repeats), repeats };
}

/** The JSON of a measured bench: its settings, what was seen before, the median figures at the top, and each repeat. */
export const benchFigures = (settings: BenchSettings, prepared: Prepared, measured: Measured): Record<string, unknown> => ({
  ...prepared,
  inFlight: settings.load.kind === 'in flight' ? settings.load.inFlight : null,
  ratePerSecond: settings.load.kind === 'rate' ? settings.load.perSecond : null,
  warmup: settings.warmup,
  ...measured.median,
  // A median of 0 failures can hide a repeat that failed.
  failuresInAllRepeats: measured.repeats.reduce((sum, r) => sum + r.failures, 0),
  repeats: measured.repeats,
});

/**
 * A whole throughput bench of one kind of transaction: prepare (baseline, warm-up), the repeats and their median
 * printed; returns the figures for writeFigures.
 */
export async function runMeasured(options: {
  readonly title: string;
  readonly settings: BenchSettings;
  readonly transactions: number;
  readonly bagsPerTransaction?: number;
  readonly send: Send;
}): Promise<{ readonly measured: Measured; readonly figures: Record<string, unknown> }> {
  const { title, settings, transactions, bagsPerTransaction = 1, send } = options;
  console.log(
    `${title}: ${settings.repeats} repeats of ${transactions} transactions, ${describeLoad(settings.load)}, ` +
      `after a warm-up of ${settings.warmup}`,
  );
  const prepared = await prepare(settings, send);
  const measured = await measureRepeats({ settings, transactions, bagsPerTransaction, send, indent: '  ' });
  console.log(`  median of ${settings.repeats}: ${describeRun(measured.median, bagsPerTransaction)}`);
  printBreakdown(measured.median, '    ');
  return { measured, figures: benchFigures(settings, prepared, measured) };
}
