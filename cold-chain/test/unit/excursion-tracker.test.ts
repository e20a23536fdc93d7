// The storage excursion rule on its own: when an excursion opens, closes, and is tolerated or a violation.
import { expect } from 'chai';
import { trackExcursions, type StorageRule } from '../../src/ingest/excursion-tracker';
import type { Reading } from '../../src/merkle/reading-leaf';

const rule: StorageRule = { storageLimitC: -20, toleranceLimitC: -5, toleranceHours: 72, source: 'test fixture' };
const window = new Date('2026-01-01T00:00:00Z');
const at = (minutes: number): Date => new Date(window.getTime() + minutes * 60_000);
const series = (...values: (number | null)[]): Reading[] =>
  values.map((value, i) => ({
    device: 'G1001-FRZ-01',
    node: 'temperature',
    sourceTime: at(i),
    value,
    statusCode: value === null ? 0x808b0000 : 0,
  }));

describe('storage excursion rule', () => {
  it('finds nothing while the freezer stays at or below the storage limit', () => {
    expect(trackExcursions(undefined, series(-32, -25, -20, -31), window, rule)).to.deep.equal([]);
  });

  it('runs an excursion from the first warm reading to the first one back at the limit', () => {
    const [excursion] = trackExcursions(undefined, series(-30, -18, -12, -19, -22, -30), window, rule);
    expect(excursion).to.include({ severity: 'tolerated', peakValue: -12 });
    expect(excursion!.startedAt).to.deep.equal(at(1));
    expect(excursion!.peakReadingAt).to.deep.equal(at(2));
    expect(excursion!.endedAt).to.deep.equal(at(4));
  });

  it('is a violation when it gets warmer than the tolerance limit', () => {
    const [excursion] = trackExcursions(undefined, series(-30, -10, -4.9, -30), window, rule);
    expect(excursion).to.include({ severity: 'violation', peakValue: -4.9 });
  });

  it('is a violation when it lasts longer than the tolerated hours, across windows', () => {
    const [open] = trackExcursions(undefined, series(-15), window, rule);
    expect(open).to.include({ severity: 'tolerated', endedAt: null });
    const later: Reading = {
      device: 'G1001-FRZ-01',
      node: 'temperature',
      sourceTime: new Date(window.getTime() + 73 * 3_600_000),
      value: -16,
      statusCode: 0,
    };
    const [continued] = trackExcursions(open, [later], new Date(later.sourceTime), rule);
    expect(continued).to.include({ id: open!.id, severity: 'violation', peakValue: -15, endedAt: null });
  });

  it('neither opens nor closes an excursion on a reading without a value (Bad status)', () => {
    expect(trackExcursions(undefined, series(null, -30), window, rule)).to.deep.equal([]);
    const [excursion] = trackExcursions(undefined, series(-10, null, -11), window, rule);
    expect(excursion).to.include({ endedAt: null, peakValue: -10 });
  });

  it('finds two excursions in one window', () => {
    expect(trackExcursions(undefined, series(-10, -30, -10, -30), window, rule).map((e) => e.startedAt)).to.deep.equal([at(0), at(2)]);
  });
});
