// Offering load: a fixed arrival rate whose sends do not wait for completions and whose latency counts from the due
// time, and a fixed number in flight.
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { drive, dueAtMs } from '../../lib/schedule';

describe('bench: load schedule', () => {
  it('spaces sends at a fixed rate', () => {
    expect([0, 1, 2, 3].map((i) => dueAtMs(i, 4))).to.deep.equal([0, 250, 500, 750]);
    expect(dueAtMs(100, 50)).to.equal(2000);
  });

  it('at a fixed rate sends on time whatever has completed', async () => {
    let completed = 0;
    const completedAtSend: number[] = [];
    await drive({ kind: 'rate', perSecond: 100 }, 5, async () => {
      completedAtSend.push(completed);
      await sleep(300);
      completed += 1;
    });
    // Due 10 ms apart, all five go before the first completes 300 ms later (a closed loop of one would wait each time).
    expect(completedAtSend).to.deep.equal([0, 0, 0, 0, 0]);
    expect(completed).to.equal(5);
  });

  it('at a fixed rate counts latency from the due time, so a stall shows in every send it delayed', async () => {
    const run = await drive({ kind: 'rate', perSecond: 100 }, 5, async (i) => {
      if (i === 0) {
        const until = performance.now() + 100;
        while (performance.now() < until); // The process stalls for 100 ms before the next sends can go.
      }
    });
    // Sends 1 to 4 were due at 10 to 40 ms but went at about 100 ms: each waited at least 60 ms.
    expect(run.latenciesMs).to.have.length(5);
    const sorted = [...run.latenciesMs].sort((a, b) => a - b);
    expect(sorted.slice(1).every((ms) => ms >= 59)).to.equal(true);
  });

  it('with a fixed number in flight never has more outstanding, and counts failures apart', async () => {
    let outstanding = 0;
    let most = 0;
    const run = await drive({ kind: 'in flight', inFlight: 2 }, 6, async (i) => {
      outstanding += 1;
      most = Math.max(most, outstanding);
      await sleep(20);
      outstanding -= 1;
      if (i === 3) throw new Error('refused');
    });
    expect(most).to.equal(2);
    expect(run.latenciesMs).to.have.length(5);
    expect(run.errors.map(String)).to.deep.equal(['Error: refused']);
    expect(run.seconds).to.be.at.least(0.059);
  });
});
