// Reading this machine's /proc as the benches do: the parsers meet the real files.
import { expect } from 'chai';
import { readNow } from '../../lib/measure';
import { BENCH } from '../../lib/proc';

describe('bench: reading this machine', () => {
  it("finds this process in the bench group, with its CPU and its threads' context switches, and the machine counting on", () => {
    const first = readNow();
    const until = performance.now() + 50;
    while (performance.now() < until); // Spend some CPU between the readings.
    const second = readNow();
    const bench = second.groups.get(BENCH)!;
    expect(bench.cpuMs).to.be.above(0);
    expect(bench.voluntary + bench.involuntary).to.be.above(0);
    expect(second.machine.busyMs).to.be.above(first.machine.busyMs);
    expect(second.machine.totalMs).to.be.at.least(second.machine.busyMs);
    expect(second.machine.contextSwitches).to.be.above(first.machine.contextSwitches);
  });
});
