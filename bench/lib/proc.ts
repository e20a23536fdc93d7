// What the benches read from Linux /proc, as pure functions of its text and of two readings (measure.ts reads the
// files): the machine's CPU and context switches, each process's CPU and its threads' context switches, the process
// group a command line belongs to, the CPU and switches per transaction (with or without some groups), and the idle
// baseline with its foreign load.

/** Linux's USER_HZ: /proc counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;
const ticksToMs = (ticks: number): number => (ticks * 1000) / TICKS_PER_SECOND;

/** The whole machine since boot, from /proc/stat. */
export interface MachineCpu {
  /** Every CPU state but idle and iowait, steal included, in ms. */
  readonly busyMs: number;
  /** Every CPU state, in ms: the machine's capacity, from the same counters as the busy time. */
  readonly totalMs: number;
  readonly stealMs: number;
  /** Context switches on every CPU (the `ctxt` line). */
  readonly contextSwitches: number;
}

export function parseProcStat(text: string): MachineCpu {
  const lines = text.split('\n');
  const cpu = lines.find((line) => line.startsWith('cpu '));
  const ctxt = lines.find((line) => line.startsWith('ctxt '));
  if (cpu === undefined || ctxt === undefined) throw new Error('/proc/stat: no "cpu" or "ctxt" line');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // guest and guest_nice, the fields after steal, are already counted in user and nice.
  const busy = user + nice + system + irq + softirq + steal;
  return {
    busyMs: ticksToMs(busy),
    totalMs: ticksToMs(busy + idle + iowait),
    stealMs: ticksToMs(steal),
    contextSwitches: Number(ctxt.trim().split(/\s+/)[1]),
  };
}

/** User plus system CPU of a process, every thread and ended threads included, in ms, from /proc/<pid>/stat. */
export function parseProcessCpuMs(text: string): number {
  // The command in parentheses may hold spaces and ')'; the fields after its last ')' hold neither.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ticksToMs(Number(fields[11]) + Number(fields[12]));
}

// Types, not interfaces, here: the figures are medianed as records (statistics.ts), which interfaces are not.
export type ContextSwitches = {
  readonly voluntary: number;
  readonly involuntary: number;
};

/**
 * A thread's context switches from its status file. /proc/<pid>/status counts the main thread only, so a process's
 * are the sum over /proc/<pid>/task/<tid>/status (ended threads' are lost).
 */
export function parseContextSwitches(text: string): ContextSwitches {
  const count = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { voluntary: count('voluntary_ctxt_switches'), involuntary: count('nonvoluntary_ctxt_switches') };
}

/** The bench's own process. */
export const BENCH = 'bench';
/** Every process that is neither the system's nor the bench's. */
export const OTHER = 'other';
/** What no process accounts for: the kernel's own work, and processes or threads that ended. */
export const UNACCOUNTED = 'unaccounted (kernel, ended processes)';

/**
 * A load generator other than the bench itself (Caliper's manager and its workers, every one of them
 * `node …/@hyperledger/caliper-cli/caliper.js launch …`): neither the system's nor the bench's own process, so the CPU a
 * bench leaves out when it counts the system's, and foreign load in an idle baseline.
 */
export const LOAD_GENERATOR = 'load generator (Caliper)';

/** The cold chain's device servers and ingests: a load of their own beside the network's. */
export const COLD_CHAIN = 'cold chain';

/** The process groups, each by what its command line holds (the first that matches counts). */
const GROUPS: readonly (readonly [group: string, pattern: RegExp])[] = [
  [LOAD_GENERATOR, /\/@hyperledger\/caliper-cli\/caliper\.js launch /],
  ['peers', /\bpeer node start\b/],
  ['orderers', /\borderer\b/],
  ['chaincode servers', /chaincode/],
  ['PostgreSQL', /postgres/],
  ['indexers', /indexer/],
  ['gateways', /gateway/],
  [COLD_CHAIN, /cold-chain/],
];

/** The group of a process by its command line (NULs as spaces); the bench's own process is BENCH. */
export const processGroup = (command: string, isBench: boolean): string =>
  isBench ? BENCH : (GROUPS.find(([, pattern]) => pattern.test(command))?.[0] ?? OTHER);

export interface GroupUsage extends ContextSwitches {
  readonly cpuMs: number;
}

/** The machine and every process group at one moment. */
export interface Reading {
  readonly machine: MachineCpu;
  readonly groups: ReadonlyMap<string, GroupUsage>;
}

/** What each group spent between two readings (groups absent before started at zero). */
function spentByGroup(before: Reading, after: Reading): [string, GroupUsage][] {
  return [...after.groups].map(([group, now]) => {
    const was = before.groups.get(group) ?? { cpuMs: 0, voluntary: 0, involuntary: 0 };
    return [
      group,
      { cpuMs: now.cpuMs - was.cpuMs, voluntary: now.voluntary - was.voluntary, involuntary: now.involuntary - was.involuntary },
    ];
  });
}

/** CPU and context switches per transaction between two readings. */
export interface Usage {
  readonly cpuMsPerTx: number;
  /** By group, with UNACCOUNTED, largest first; rows under 0.05 ms left out. */
  readonly cpuMsPerTxByGroup: Readonly<Record<string, number>>;
  /** The machine's, from the `ctxt` line. */
  readonly contextSwitchesPerTx: number;
  readonly contextSwitchesPerTxByGroup: Readonly<Record<string, ContextSwitches>>;
}

export function usagePerTransaction(before: Reading, after: Reading, transactions: number): Usage {
  const spent = spentByGroup(before, after);
  const busyMs = after.machine.busyMs - before.machine.busyMs;
  const processesMs = spent.reduce((sum, [, usage]) => sum + usage.cpuMs, 0);
  const cpu = [...spent.map(([group, usage]) => [group, usage.cpuMs] as const), [UNACCOUNTED, busyMs - processesMs] as const]
    .map(([group, ms]) => [group, ms / transactions] as const)
    .filter(([, ms]) => ms > 0.05)
    .sort((a, b) => b[1] - a[1]);
  return {
    cpuMsPerTx: busyMs / transactions,
    cpuMsPerTxByGroup: Object.fromEntries(cpu),
    contextSwitchesPerTx: (after.machine.contextSwitches - before.machine.contextSwitches) / transactions,
    contextSwitchesPerTxByGroup: Object.fromEntries(
      spent.map(([group, usage]) => [group, { voluntary: usage.voluntary / transactions, involuntary: usage.involuntary / transactions }]),
    ),
  };
}

/**
 * The whole machine's CPU per transaction between two readings without what the given groups spent (such as BENCH and
 * LOAD_GENERATOR, to count the system's own): exact, where usagePerTransaction's rows leave out the smallest.
 */
export function cpuMsPerTxWithout(before: Reading, after: Reading, transactions: number, groups: readonly string[]): number {
  const busyMs = after.machine.busyMs - before.machine.busyMs;
  const leftOutMs = spentByGroup(before, after)
    .filter(([group]) => groups.includes(group))
    .reduce((sum, [, usage]) => sum + usage.cpuMs, 0);
  return (busyMs - leftOutMs) / transactions;
}

/** Above this share of the machine, load that is not ours makes a run's figures suspect. */
export const FOREIGN_LOAD_LIMIT = 0.05;

/** The machine before a run, with the system running but no load offered. */
export interface IdleBaseline {
  readonly seconds: number;
  /** Busy share of the machine's CPU, everything counted. */
  readonly busyFraction: number;
  /**
   * Busy share not from the system's processes or the bench: other processes (a load generator such as Caliper among
   * them), the kernel's own work, steal.
   */
  readonly foreignLoadFraction: number;
  readonly stealFraction: number;
  readonly foreignLoadFlagged: boolean;
}

export function idleBaseline(before: Reading, after: Reading, seconds: number): IdleBaseline {
  const totalMs = after.machine.totalMs - before.machine.totalMs;
  const busyMs = after.machine.busyMs - before.machine.busyMs;
  const oursMs = spentByGroup(before, after)
    .filter(([group]) => group !== OTHER && group !== LOAD_GENERATOR)
    .reduce((sum, [, usage]) => sum + usage.cpuMs, 0);
  const foreignLoadFraction = Math.max(0, busyMs - oursMs) / totalMs;
  return {
    seconds,
    busyFraction: busyMs / totalMs,
    foreignLoadFraction,
    stealFraction: (after.machine.stealMs - before.machine.stealMs) / totalMs,
    foreignLoadFlagged: foreignLoadFraction > FOREIGN_LOAD_LIMIT,
  };
}
