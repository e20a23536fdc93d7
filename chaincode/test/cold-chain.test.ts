import { expect } from 'chai';
import { toCanonicalJson } from '../src/ledger/canonical';
import { leafHash, proofOf, rootOf } from '../src/ledger/merkle';
import { cas, callers, expectRefused } from './fixtures';
import { at, Story, T0 } from './story';

const gateway = cas.StationAMSP.issue('coldchain1', 'device-gateway');
const WINDOW_START = at(T0, 1);
const WINDOW_END = at(T0, 1, 1 / 60);

/** A temperature reading of `device` `seconds` into the window, canonical as the ingest hashes it. */
const reading = (device: string, seconds: number, value: number): string =>
  toCanonicalJson({ device, node: 'temperature', sourceTime: new Date(Date.parse(WINDOW_START) + seconds * 1000).toISOString(), statusCode: 0, value });

const FRZ1 = [reading('G1001-FRZ-01', 0, -30), reading('G1001-FRZ-01', 10, -25), reading('G1001-FRZ-01', 20, -8), reading('G1001-FRZ-01', 30, -29), reading('G1001-FRZ-01', 40, -30)];
const FRZ2 = [reading('G1001-FRZ-02', 0, -31)];
const leaves = (readings: string[]): string[] => readings.map(leafHash);
const window = (roots = [{ device: 'G1001-FRZ-01', root: rootOf(leaves(FRZ1)), leafCount: FRZ1.length }, { device: 'G1001-FRZ-02', root: rootOf(leaves(FRZ2)), leafCount: 1 }]) =>
  ({ windowStart: WINDOW_START, windowEnd: WINDOW_END, roots });

/** The ingest's report of the excursion whose peak is reading `index` of FRZ1. */
function excursion(index: number, overrides: { canonicalReading?: string; peakTemperatureC?: number } = {}) {
  const canonical = FRZ1[index]!;
  const { sourceTime, value } = JSON.parse(canonical);
  return {
    excursionId: `G1001-FRZ-01/temperature@${sourceTime}`, device: 'G1001-FRZ-01', startedAt: sourceTime, endedAt: at(sourceTime, 0, 0.5),
    peakTemperatureC: overrides.peakTemperatureC ?? value,
    evidence: {
      windowStart: WINDOW_START, root: rootOf(leaves(FRZ1)), readingId: `G1001-FRZ-01/temperature@${sourceTime}`,
      canonicalReading: overrides.canonicalReading ?? canonical, proof: { index, leafCount: FRZ1.length, steps: proofOf(leaves(FRZ1), index) },
    },
  };
}

async function withFreezers(): Promise<Story> {
  const story = await Story.begin();
  await story.ok(callers.stationQaA, 'ColdChain:RegisterDevice', [{ deviceId: 'G1001-FRZ-01', kind: 'freezer', location: 'freezer F1' }], T0);
  await story.ok(callers.stationAAdmin, 'ColdChain:RegisterDevice', [{ deviceId: 'G1001-FRZ-02', kind: 'freezer', location: 'freezer F2' }], T0);
  return story;
}

describe('ColdChain', () => {
  it('anchors all roots of a window once: the same content again returns the anchor, other content is a CONFLICT', async () => {
    const story = await withFreezers();
    const first = await story.invoke(gateway, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.02));
    const anchor = JSON.parse(first.result!);
    expect(anchor).to.include({ site: 'StationAMSP', windowStart: WINDOW_START, anchoredTxId: first.txId });
    expect(first.event?.name).to.equal('ReadingsAnchored');

    const again = await story.invoke(gateway, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.03));
    expect(JSON.parse(again.result!)).to.deep.equal(anchor);
    expect(again.writes).to.be.empty;
    expect(await story.ok(callers.inspector, 'ColdChain:GetWindowAnchor', ['StationAMSP', WINDOW_START], at(T0, 1, 0.03))).to.deep.equal(anchor);

    const other = window([{ device: 'G1001-FRZ-01', root: rootOf(leaves(FRZ1.slice(1))), leafCount: FRZ1.length - 1 }]);
    expectRefused(await story.invoke(gateway, 'ColdChain:AnchorReadings', [other], at(T0, 1, 0.04)), 'CONFLICT');
    expectRefused(await story.invoke(callers.collectorA, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.04)), 'FORBIDDEN');
  });

  it('refuses roots of a device of another organisation, or out of order', async () => {
    const story = await withFreezers();
    const unknown = window([{ device: 'G1002-FRZ-01', root: rootOf(leaves(FRZ2)), leafCount: 1 }]);
    expectRefused(await story.invoke(gateway, 'ColdChain:AnchorReadings', [unknown], at(T0, 1, 0.02)), 'VALIDATION: window.roots[0].device');
    expectRefused(await story.invoke(gateway, 'ColdChain:AnchorReadings', [window([...window().roots].reverse())], at(T0, 1, 0.02)),
      'VALIDATION: window.roots[1].device');
  });

  describe('RaiseExcursion', () => {
    async function withStoredBags(): Promise<{ story: Story; inF1: string[]; inF2: string }> {
      const story = await withFreezers();
      const dins = [await story.collect(T0), await story.collect(T0, 'donor-2'), await story.collect(T0, 'donor-3')];
      for (const din of dins) await story.screen(din, at(T0, 0, 1));
      await story.store(dins.slice(0, 2), at(T0, 0, 2)); // freezer F1
      await story.ok(callers.collectorA, 'Donation:RecordStorage', [[dins[2]], { location: 'freezer F2', temperatureC: -30 }], at(T0, 0, 2));
      await story.ok(gateway, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.02));
      return { story, inF1: dins.slice(0, 2), inF2: dins[2]! };
    }

    it('holds exactly the bags stored in the freezer, not those of the neighbouring freezer', async () => {
      const { story, inF1, inF2 } = await withStoredBags();
      const outcome = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6));
      const din13 = (din: string): string => din.slice(0, 13);
      expect(JSON.parse(outcome.result!)).to.deep.equal({ excursionId: excursion(2).excursionId, dins: inF1.map(din13) });
      const event = JSON.parse(Buffer.from(outcome.event!.payload).toString());
      expect(event.type).to.equal('DonationsPutOnHold');
      expect(event.objects).to.deep.equal([{ type: 'excursion', id: excursion(2).excursionId }, ...inF1.map((din) => ({ type: 'donation', id: din13(din) }))]);
      expect(event.data.excursion).to.deep.equal({ maxTemperatureC: -8, durationHours: 0.5, location: 'freezer F1' });

      for (const din of inF1) {
        const held = await story.ok(callers.inspector, 'Donation:GetDonation', [din], at(T0, 1, 1));
        expect(held).to.deep.include({ status: 'on-hold', excursionCount: 1 });
        expect(held.hold).to.include({ kind: 'temperature', from: 'stored' });
      }
      expect(await story.ok(callers.inspector, 'Donation:GetDonation', [inF2], at(T0, 1, 1))).to.include({ status: 'stored' });

      // Reported again when it ends: nothing left to hold in F1, and the record keeps the bags it held.
      const repeat = await story.ok(gateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.7));
      expect(repeat.dins).to.deep.equal(inF1.map(din13));
      const record = await story.ok(callers.inspector, 'ColdChain:GetExcursion', [excursion(2).excursionId], at(T0, 1, 1));
      expect(record).to.include({ device: 'G1001-FRZ-01', site: 'StationAMSP', location: 'freezer F1', peakTemperatureC: -8 });
    });

    it('refuses a forged proof: a reading that was never anchored does not lead to the root', async () => {
      const { story } = await withStoredBags();
      const forged = reading('G1001-FRZ-01', 20, -2);
      expectRefused(await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(2, { canonicalReading: forged, peakTemperatureC: -2 })], at(T0, 1, 0.6)),
        'VALIDATION: excursion.evidence.proof');
      const swapped = excursion(2);
      expectRefused(await story.invoke(gateway, 'ColdChain:RaiseExcursion', [{ ...swapped, evidence: { ...swapped.evidence, proof: { ...swapped.evidence.proof, index: 3 } } }], at(T0, 1, 0.6)),
        'VALIDATION: excursion.evidence.proof');
    });

    it('refuses a peak that is not the reading, and an excursion below the storage limit', async () => {
      const { story } = await withStoredBags();
      expectRefused(await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(2, { peakTemperatureC: -5 })], at(T0, 1, 0.6)),
        'VALIDATION: excursion.evidence.canonicalReading.value');
      expectRefused(await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(1)], at(T0, 1, 0.6)), 'VALIDATION: excursion.peakTemperatureC');
    });

    it('is raised only by the device gateway of the device\'s site', async () => {
      const { story } = await withStoredBags();
      expectRefused(await story.invoke(callers.stationQaA, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6)), 'FORBIDDEN');
      const otherGateway = cas.StationBMSP.issue('coldchain1', 'device-gateway');
      expectRefused(await story.invoke(otherGateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6)), 'FORBIDDEN');
    });
  });
});
