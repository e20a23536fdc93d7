// A throughput bench's settings from the environment.
import { expect } from 'chai';
import { benchSettings, countSetting } from '../../lib/settings';

const defaults = { inFlight: 64, warmup: 100 };

describe('bench: settings', () => {
  it("defaults to the bench's in-flight count and warm-up, and 3 repeats", () => {
    expect(benchSettings({}, defaults)).to.deep.equal({ load: { kind: 'in flight', inFlight: 64 }, warmup: 100, repeats: 3 });
  });

  it('takes a fixed arrival rate, a warm-up and repeats', () => {
    expect(benchSettings({ BENCH_RATE: '12.5', BENCH_WARMUP: '0', BENCH_REPEATS: '5' }, defaults)).to.deep.equal({
      load: { kind: 'rate', perSecond: 12.5 },
      warmup: 0,
      repeats: 5,
    });
  });

  it('lists every bad setting at once', () => {
    expect(() => benchSettings({ BENCH_CONCURRENCY: '0', BENCH_REPEATS: 'three', BENCH_RATE: '-1' }, defaults)).to.throw(
      'bench settings: BENCH_CONCURRENCY must be a whole number ≥ 1, not "0"; BENCH_REPEATS must be a whole number ≥ 1, not "three"; ' +
        'BENCH_RATE must be a number of transactions a second > 0, not "-1"; BENCH_RATE and BENCH_CONCURRENCY exclude each other: set one',
    );
  });

  it('reads a count or its default', () => {
    expect(countSetting({ BENCH_TRANSACTIONS: '300' }, 'BENCH_TRANSACTIONS', 2000)).to.equal(300);
    expect(countSetting({}, 'BENCH_TRANSACTIONS', 2000)).to.equal(2000);
    expect(() => countSetting({ BENCH_TRAY_BAGS: '1.5' }, 'BENCH_TRAY_BAGS', 2000)).to.throw('BENCH_TRAY_BAGS must be a whole number ≥ 1');
  });
});
