// Reading /proc text, the CPU and context switches per transaction between two readings, and the foreign-load rule.
import { expect } from 'chai';
import {
  BENCH,
  cpuMsPerTxWithout,
  FOREIGN_LOAD_LIMIT,
  type GroupUsage,
  idleBaseline,
  LOAD_GENERATOR,
  OTHER,
  parseContextSwitches,
  parseProcessCpuMs,
  parseProcStat,
  processGroup,
  type Reading,
  UNACCOUNTED,
  usagePerTransaction,
} from '../../lib/proc';

const PROC_STAT = `cpu  45970 7 12222 25421 328 11 228 2719 500 0
cpu0 22852 0 5703 13410 39 0 47 1403 0 0
cpu1 23117 7 6518 12010 289 11 180 1315 500 0
intr 1234567 0 0
ctxt 4232101
btime 1765000000
processes 19083
`;

const THREAD_STATUS = `Name:\tpeer
State:\tS (sleeping)
Tgid:\t4242
Threads:\t23
VmRSS:\t  181236 kB
voluntary_ctxt_switches:\t1520
nonvoluntary_ctxt_switches:\t37
`;

const usage = (cpuMs: number, voluntary = 0, involuntary = 0): GroupUsage => ({ cpuMs, voluntary, involuntary });

/** A reading of a 2-core machine `seconds` after boot, with `busyMs` of it busy and the given groups. */
const reading = (
  seconds: number,
  busyMs: number,
  groups: Record<string, GroupUsage>,
  extra: { steal?: number; ctxt?: number } = {},
): Reading => ({
  machine: { busyMs, totalMs: seconds * 2000, stealMs: extra.steal ?? 0, contextSwitches: extra.ctxt ?? 0 },
  groups: new Map(Object.entries(groups)),
});

describe('bench: /proc readings', () => {
  it('reads busy, total and steal time (ticks of 10 ms) and the context switches from /proc/stat', () => {
    const machine = parseProcStat(PROC_STAT);
    // user + nice + system + irq + softirq + steal; guest (500) is already in user.
    expect(machine.busyMs).to.equal((45970 + 7 + 12222 + 11 + 228 + 2719) * 10);
    expect(machine.totalMs).to.equal((45970 + 7 + 12222 + 25421 + 328 + 11 + 228 + 2719) * 10);
    expect(machine.stealMs).to.equal(27190);
    expect(machine.contextSwitches).to.equal(4232101);
  });

  it('refuses a /proc/stat without its cpu or ctxt line', () => {
    expect(() => parseProcStat('cpu0 1 2 3\n')).to.throw('/proc/stat');
  });

  it("reads a process's user and system time after a command name holding spaces and parentheses", () => {
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 56 0 0 20 0 23 0 9999 123456 789';
    expect(parseProcessCpuMs(stat)).to.equal((1234 + 56) * 10);
  });

  it("reads a thread's voluntary and involuntary context switches from its status", () => {
    expect(parseContextSwitches(THREAD_STATUS)).to.deep.equal({ voluntary: 1520, involuntary: 37 });
    expect(parseContextSwitches('Name:\tx\n')).to.deep.equal({ voluntary: 0, involuntary: 0 });
  });

  it('puts a process in its group by its command line, the bench by its own pid', () => {
    expect(processGroup('/work/.fabric/bin/peer node start ', false)).to.equal('peers');
    expect(processGroup('/work/.fabric/bin/orderer ', false)).to.equal('orderers');
    expect(processGroup('postgres: plasma_factory idle ', false)).to.equal('PostgreSQL');
    expect(processGroup('node --import tsx bench/trays.ts ', true)).to.equal(BENCH);
    expect(processGroup('sshd: root@pts/0 ', false)).to.equal(OTHER);
  });

  it("puts Caliper's manager and workers in the load generator's group, before the groups their arguments name", () => {
    const cli = '/usr/bin/node /work/bench/caliper/.install/node_modules/@hyperledger/caliper-cli/caliper.js';
    expect(processGroup(`${cli} launch manager --caliper-workspace /work/.data/bench/caliper `, false)).to.equal(LOAD_GENERATOR);
    // A worker's arguments name the Fabric gateway and the chaincode, yet it is Caliper's.
    expect(processGroup(`${cli} launch worker --caliper-bind-sut fabric:2.4 chaincode gateway `, false)).to.equal(LOAD_GENERATOR);
    expect(processGroup(`${cli} bind --caliper-bind-sut fabric:2.4 `, false)).to.equal(OTHER);
  });
});

describe('bench: usage per transaction', () => {
  const before = reading(100, 10_000, { peers: usage(4000, 1000, 10), other: usage(500, 50, 5) }, { ctxt: 100_000 });
  const after = reading(
    110,
    14_000,
    { peers: usage(6000, 3000, 110), other: usage(502, 70, 5), 'chaincode servers': usage(1000, 400, 0) },
    { ctxt: 112_000 },
  );

  it('splits the busy CPU by group, with what no process accounts for, largest first, tiny rows left out', () => {
    const u = usagePerTransaction(before, after, 100);
    expect(u.cpuMsPerTx).to.equal(40);
    // 4000 ms busy: peers 2000, chaincode servers 1000 (new since before), other 2 (0.02/tx, left out), 998 unaccounted.
    expect(Object.entries(u.cpuMsPerTxByGroup)).to.deep.equal([
      ['peers', 20],
      ['chaincode servers', 10],
      [UNACCOUNTED, 9.98],
    ]);
  });

  it('gives the CPU per transaction without some groups, exactly, tiny ones included', () => {
    expect(cpuMsPerTxWithout(before, after, 100, ['peers'])).to.equal(20);
    // other's 2 ms is below usagePerTransaction's rows, yet left out here.
    expect(cpuMsPerTxWithout(before, after, 100, ['peers', OTHER])).to.be.closeTo(19.98, 1e-9);
    expect(cpuMsPerTxWithout(before, after, 100, [])).to.equal(usagePerTransaction(before, after, 100).cpuMsPerTx);
  });

  it("gives the machine's and each group's voluntary and involuntary switches per transaction", () => {
    const u = usagePerTransaction(before, after, 100);
    expect(u.contextSwitchesPerTx).to.equal(120);
    expect(u.contextSwitchesPerTxByGroup).to.deep.equal({
      peers: { voluntary: 20, involuntary: 1 },
      other: { voluntary: 0.2, involuntary: 0 },
      'chaincode servers': { voluntary: 4, involuntary: 0 },
    });
  });
});

describe('bench: idle baseline and foreign load', () => {
  // 3 s on 2 cores: 6000 ms of capacity. The system's groups spend 600 ms; "other" and the kernel the rest.
  const baseline = (foreignMs: number, stealMs = 0) =>
    idleBaseline(
      reading(100, 50_000, { peers: usage(20_000), bench: usage(1000), other: usage(5000) }, { steal: 1000 }),
      reading(
        103,
        50_000 + 600 + foreignMs,
        { peers: usage(20_500), bench: usage(1100), other: usage(5000 + foreignMs / 2) },
        { steal: 1000 + stealMs },
      ),
      3,
    );

  it('is not flagged at 4 % foreign load', () => {
    const b = baseline(240);
    expect(b.foreignLoadFraction).to.be.closeTo(0.04, 1e-9);
    expect(b.busyFraction).to.be.closeTo(0.14, 1e-9);
    expect(b.foreignLoadFlagged).to.equal(false);
  });

  it('is flagged at 6 % foreign load (other processes and the kernel together)', () => {
    const b = baseline(360);
    expect(b.foreignLoadFraction).to.be.closeTo(0.06, 1e-9);
    expect(b.foreignLoadFlagged).to.equal(true);
    expect(FOREIGN_LOAD_LIMIT).to.equal(0.05);
  });

  it("counts a load generator's CPU (Caliper running meanwhile) as foreign load", () => {
    const b = idleBaseline(
      reading(100, 50_000, { peers: usage(20_000), [LOAD_GENERATOR]: usage(0) }),
      reading(103, 50_000 + 600, { peers: usage(20_300), [LOAD_GENERATOR]: usage(300) }),
      3,
    );
    expect(b.foreignLoadFraction).to.be.closeTo(0.05, 1e-9);
  });

  it('reports steal as a share of the machine', () => {
    const b = baseline(300, 120);
    expect(b.stealFraction).to.be.closeTo(0.02, 1e-9);
    expect(b.seconds).to.equal(3);
  });
});
