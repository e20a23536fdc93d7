// Percentiles of a run and the median of repeated runs' figures.
import { expect } from 'chai';
import { type FigureTree, median, medianFigures, percentile } from '../../lib/statistics';

describe('bench: statistics', () => {
  it('takes a percentile of ascending latencies, NaN for none', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).to.equal(51);
    expect(percentile(sorted, 0.95)).to.equal(96);
    expect(percentile(sorted, 0.99)).to.equal(100);
    expect(percentile([7], 0.99)).to.equal(7);
    expect(percentile([], 0.5)).to.be.NaN;
  });

  it('takes the median of an odd and an even count, unordered, ignoring a repeat without a figure', () => {
    expect(median([30, 10, 20])).to.equal(20);
    expect(median([40, 10, 30, 20])).to.equal(25);
    expect(median([NaN, 5, 7])).to.equal(6);
    expect(median([])).to.be.NaN;
  });

  it("takes every figure's median key by key, nested records too, a missing key counting 0", () => {
    const repeats: FigureTree[] = [
      { txPerSecond: 50, failures: 0, byGroup: { peers: 14, other: 1 }, byReason: {} },
      { txPerSecond: 40, failures: 3, byGroup: { peers: 12 }, byReason: { 'invalid: 11': 3 } },
      { txPerSecond: 45, failures: 1, byGroup: { peers: 13, other: 0.5 }, byReason: { 'invalid: 11': 1 } },
    ];
    expect(medianFigures(repeats)).to.deep.equal({
      txPerSecond: 45,
      failures: 1,
      byGroup: { peers: 13, other: 0.5 },
      byReason: { 'invalid: 11': 1 },
    });
  });
});
