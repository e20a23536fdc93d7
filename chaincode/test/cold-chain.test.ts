import { expect } from 'chai';
import { toCanonicalJson } from '../src/ledger/canonical';
import { leafHash, proofOf, rootOf } from '../src/ledger/merkle';
import { assertStep } from '../src/donation/life-cycle';
import { cas, callers, expectRefused } from './fixtures';
import { at, Story, T0 } from './story';

const gateway = cas.StationAMSP.issue('coldchain1', 'device-gateway');
const WINDOW_START = at(T0, 1);
const WINDOW_END = at(T0, 1, 1 / 60);

/** A temperature reading of `device` `seconds` into the window, canonical as the ingest hashes it. */
const reading = (device: string, seconds: number, value: number): string =>
  toCanonicalJson({
    device,
    node: 'temperature',
    sourceTime: new Date(Date.parse(WINDOW_START) + seconds * 1000).toISOString(),
    statusCode: 0,
    value,
  });

const FRZ1 = [
  reading('G1001-FRZ-01', 0, -30),
  reading('G1001-FRZ-01', 10, -25),
  reading('G1001-FRZ-01', 20, -8),
  reading('G1001-FRZ-01', 30, -29),
  reading('G1001-FRZ-01', 40, -30),
];
const FRZ2 = [reading('G1001-FRZ-02', 0, -31)];
const leaves = (readings: string[]): string[] => readings.map(leafHash);
const window = (
  roots = [
    { device: 'G1001-FRZ-01', root: rootOf(leaves(FRZ1)), leafCount: FRZ1.length },
    { device: 'G1001-FRZ-02', root: rootOf(leaves(FRZ2)), leafCount: 1 },
  ],
) => ({ windowStart: WINDOW_START, windowEnd: WINDOW_END, roots });

/** The ingest's report of the excursion whose peak is reading `index` of FRZ1. */
function excursion(index: number, overrides: { canonicalReading?: string; peakTemperatureC?: number } = {}) {
  const canonical = FRZ1[index]!;
  const { sourceTime, value } = JSON.parse(canonical);
  return {
    excursionId: `G1001-FRZ-01/temperature@${sourceTime}`,
    device: 'G1001-FRZ-01',
    startedAt: sourceTime,
    endedAt: at(sourceTime, 0, 0.5),
    peakTemperatureC: overrides.peakTemperatureC ?? value,
    evidence: {
      windowStart: WINDOW_START,
      root: rootOf(leaves(FRZ1)),
      readingId: `G1001-FRZ-01/temperature@${sourceTime}`,
      canonicalReading: overrides.canonicalReading ?? canonical,
      proof: { index, leafCount: FRZ1.length, steps: proofOf(leaves(FRZ1), index) },
    },
  };
}

async function withFreezers(): Promise<Story> {
  const story = await Story.begin();
  await story.ok(
    callers.stationQaA,
    'ColdChain:RegisterDevice',
    [{ deviceId: 'G1001-FRZ-01', kind: 'freezer', location: 'freezer F1' }],
    T0,
  );
  await story.ok(
    callers.stationAAdmin,
    'ColdChain:RegisterDevice',
    [{ deviceId: 'G1001-FRZ-02', kind: 'freezer', location: 'freezer F2' }],
    T0,
  );
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
    expect(await story.ok(callers.inspector, 'ColdChain:GetWindowAnchor', ['StationAMSP', WINDOW_START], at(T0, 1, 0.03))).to.deep.equal(
      anchor,
    );

    const other = window([{ device: 'G1001-FRZ-01', root: rootOf(leaves(FRZ1.slice(1))), leafCount: FRZ1.length - 1 }]);
    expectRefused(await story.invoke(gateway, 'ColdChain:AnchorReadings', [other], at(T0, 1, 0.04)), 'CONFLICT');
    expectRefused(await story.invoke(callers.collectorA, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.04)), 'FORBIDDEN');
  });

  it('refuses roots of a device of another organisation, or out of order', async () => {
    const story = await withFreezers();
    const unknown = window([{ device: 'G1002-FRZ-01', root: rootOf(leaves(FRZ2)), leafCount: 1 }]);
    expectRefused(
      await story.invoke(gateway, 'ColdChain:AnchorReadings', [unknown], at(T0, 1, 0.02)),
      'VALIDATION: window.roots[0].device',
    );
    expectRefused(
      await story.invoke(gateway, 'ColdChain:AnchorReadings', [window([...window().roots].reverse())], at(T0, 1, 0.02)),
      'VALIDATION: window.roots[1].device',
    );
  });

  describe('RaiseExcursion', () => {
    async function withStoredBags(): Promise<{ story: Story; inF1: string[]; inF2: string }> {
      const story = await withFreezers();
      const dins = [await story.collect(T0), await story.collect(T0, 'donor-2'), await story.collect(T0, 'donor-3')];
      for (const din of dins) await story.screen(din, at(T0, 0, 1));
      await story.store(dins.slice(0, 2), at(T0, 0, 2)); // freezer F1
      await story.ok(
        callers.collectorA,
        'Donation:RecordStorage',
        [[dins[2]], { location: 'freezer F2', temperatureC: -30 }],
        at(T0, 0, 2),
      );
      await story.ok(gateway, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.02));
      return { story, inF1: dins.slice(0, 2), inF2: dins[2]! };
    }

    // Issue 10 item 14: one transaction holding every bag of a 10,000-bag freezer could not fit a block.
    it('holds a freezer of 10,000 bags in steps of at most 500 bags, continued until every bag is held', async function () {
      this.timeout(600_000);
      const story = await withFreezers();
      const dins: string[] = [];
      for (let index = 0; index < 10_000; index += 1) dins.push(await story.collect(T0, `freezer donor ${index}`));
      for (const din of dins) await story.screen(din, at(T0, 0, 1));
      for (let offset = 0; offset < dins.length; offset += 500) await story.store(dins.slice(offset, offset + 500), at(T0, 0, 2));
      await story.ok(gateway, 'ColdChain:AnchorReadings', [window()], at(T0, 1, 0.02));

      const donationWrites = (outcome: { writes: ReadonlyMap<string, Uint8Array> }): number =>
        [...outcome.writes.keys()].filter((key) => key.startsWith('\u0000donation\u0000')).length;
      let outcome = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6));
      let steps = 1;
      expect(donationWrites(outcome)).to.equal(500);
      while (JSON.parse(outcome.result!).continuation !== null) {
        outcome = await story.invoke(gateway, 'ColdChain:ContinueExcursion', [excursion(2).excursionId], at(T0, 1, 0.6 + steps / 100));
        expect(outcome.error, `step ${steps + 1}`).to.equal(undefined);
        expect(donationWrites(outcome)).to.be.at.most(500);
        steps += 1;
      }
      expect(steps).to.equal(20);
      const record = await story.ok(callers.inspector, 'ColdChain:GetExcursion', [excursion(2).excursionId], at(T0, 2));
      expect(record.dins).to.have.length(10_000);
      expect(record).to.not.have.property('continuation');
      for (const din of [dins[0]!, dins[4_999]!, dins[9_999]!]) {
        expect((await story.donation(din)).hold).to.include({ kind: 'temperature', excursionId: excursion(2).excursionId });
      }
      expectRefused(
        await story.invoke(gateway, 'ColdChain:ContinueExcursion', [excursion(2).excursionId], at(T0, 2)),
        'CONFLICT: excursion',
      );
    });

    it('holds exactly the bags stored in the freezer, not those of the neighbouring freezer', async () => {
      const { story, inF1, inF2 } = await withStoredBags();
      const outcome = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6));
      const din13 = (din: string): string => din.slice(0, 13);
      expect(JSON.parse(outcome.result!)).to.deep.equal({
        excursionId: excursion(2).excursionId,
        dins: inF1.map(din13),
        continuation: null,
      });
      const event = JSON.parse(Buffer.from(outcome.event!.payload).toString());
      expect(event.type).to.equal('DonationsPutOnHold');
      expect(event.objects).to.deep.equal([
        { type: 'excursion', id: excursion(2).excursionId },
        ...inF1.map((din) => ({ type: 'donation', id: din13(din) })),
      ]);
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

    describe('reported again while it runs, as it worsens and when it ends', () => {
      // The next minute of F1: the excursion that began at 20 s warms to -6 °C at 75 s, then -5.5 °C at 80 s, and ends at 85 s.
      const WINDOW2_START = WINDOW_END;
      const FRZ1_NEXT = [
        reading('G1001-FRZ-01', 65, -12),
        reading('G1001-FRZ-01', 75, -6),
        reading('G1001-FRZ-01', 80, -5.5),
        reading('G1001-FRZ-01', 85, -29),
      ];
      const timeOf = (seconds: number): string => new Date(Date.parse(WINDOW_START) + seconds * 1000).toISOString();
      const EXCURSION_ID = excursion(2).excursionId;
      /** A report of the excursion from 20 s, peaking at reading `index` of the next minute, ended at 85 s. */
      const worse = (index: number) => {
        const canonical = FRZ1_NEXT[index]!;
        const { sourceTime, value } = JSON.parse(canonical);
        return {
          excursionId: EXCURSION_ID,
          device: 'G1001-FRZ-01',
          startedAt: timeOf(20),
          endedAt: timeOf(85),
          peakTemperatureC: value,
          evidence: {
            windowStart: WINDOW2_START,
            root: rootOf(leaves(FRZ1_NEXT)),
            readingId: `G1001-FRZ-01/temperature@${sourceTime}`,
            canonicalReading: canonical,
            proof: { index, leafCount: FRZ1_NEXT.length, steps: proofOf(leaves(FRZ1_NEXT), index) },
          },
        };
      };
      const resolve = (story: Story, din: string, when: string) =>
        story.invoke(callers.stationQaA, 'Donation:ResolveHold', [din, { reason: 'excursion within allowance' }], when);
      const eventData = (outcome: { event?: { payload: Uint8Array } }) => JSON.parse(Buffer.from(outcome.event!.payload).toString()).data;

      it('keeps the bags on hold while it runs, gives them the numbers of each report, and counts it once', async () => {
        const { story, inF1 } = await withStoredBags();
        const [first, second] = inF1 as [string, string];
        const din13 = (din: string): string => din.slice(0, 13);
        // Running, reported 72 s into the window: held for the 52 s so far at the -8 °C peak.
        await story.ok(gateway, 'ColdChain:RaiseExcursion', [{ ...excursion(2), endedAt: null }], at(T0, 1, 0.02));
        const running = await story.donation(first);
        expect(running).to.deep.include({ status: 'on-hold', excursionCount: 1 });
        expect(running.hold).to.deep.include({
          kind: 'temperature',
          from: 'stored',
          excursionId: EXCURSION_ID,
          excursion: { maxTemperatureC: -8, durationHours: 0.01, location: 'freezer F1' },
        });
        expectRefused(
          await resolve(story, first, at(T0, 1, 0.03)),
          `CONFLICT: donation ${din13(first)} is held by device excursion ${EXCURSION_ID}, which is still running`,
        );

        // Ended, with a warmer peak in the next window: both bags still held carry its numbers, still counted once.
        await story.ok(
          gateway,
          'ColdChain:AnchorReadings',
          [
            {
              windowStart: WINDOW2_START,
              windowEnd: at(WINDOW2_START, 0, 1 / 60),
              roots: [{ device: 'G1001-FRZ-01', root: rootOf(leaves(FRZ1_NEXT)), leafCount: FRZ1_NEXT.length }],
            },
          ],
          at(T0, 1, 0.04),
        );
        const ended = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [worse(1)], at(T0, 1, 0.05));
        expect(JSON.parse(ended.result!).dins).to.deep.equal(inF1.map(din13));
        expect(eventData(ended)).to.deep.include({ dins: [], revisedDins: inF1.map(din13) });
        for (const din of inF1) {
          const bag = await story.donation(din);
          expect(bag).to.deep.include({ status: 'on-hold', excursionCount: 1 });
          expect(bag.hold).to.deep.include({
            since: running.hold.since,
            excursion: { maxTemperatureC: -6, durationHours: 0.02, location: 'freezer F1' },
          });
        }

        // QA returns the first bag; the same report again (the ingest retrying) leaves it where QA put it.
        expect(JSON.parse((await resolve(story, first, at(T0, 1, 0.1))).result!).status).to.equal('stored');
        expect(eventData(await story.invoke(gateway, 'ColdChain:RaiseExcursion', [worse(1)], at(T0, 1, 0.11)))).to.deep.include({
          dins: [],
          revisedDins: [din13(second)],
        });
        expect((await story.donation(first)).status).to.equal('stored');

        // A later report of a warmer peak holds it again, still counting this excursion once, so QA may return it once more.
        const escalated = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [worse(2)], at(T0, 1, 0.12));
        expect(eventData(escalated)).to.deep.include({ dins: [din13(first)], revisedDins: [din13(second)] });
        for (const din of inF1) {
          const bag = await story.donation(din);
          expect(bag).to.deep.include({ status: 'on-hold', excursionCount: 1 });
          expect(bag.hold).to.deep.include({
            from: 'stored',
            excursionId: EXCURSION_ID,
            excursion: { maxTemperatureC: -5.5, durationHours: 0.02, location: 'freezer F1' },
          });
        }
        expect(JSON.parse((await resolve(story, first, at(T0, 1, 0.2))).result!).status).to.equal('stored');
        expect((await story.ok(callers.inspector, 'ColdChain:GetExcursion', [EXCURSION_ID], at(T0, 1, 1))).dins).to.deep.equal(
          inF1.map(din13),
        );
      });

      it('takes a bag off hold only through the steps the hold allows: a bag held in storage is not received on it', async () => {
        const { story, inF1 } = await withStoredBags();
        await story.ok(gateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6));
        const held = await story.donation(inF1[0]!);
        expect(() => assertStep(held, 'receive-on-hold')).to.throw(
          /on a hold raised when it was stored; receive-on-hold needs a hold raised when it was shipped/,
        );
        expect(() => assertStep(held, 'reject-on-receipt')).to.throw(/reject-on-receipt needs a hold raised when it was shipped/);
      });
    });

    it('refuses a forged proof: a reading that was never anchored does not lead to the root', async () => {
      const { story } = await withStoredBags();
      const forged = reading('G1001-FRZ-01', 20, -2);
      expectRefused(
        await story.invoke(
          gateway,
          'ColdChain:RaiseExcursion',
          [excursion(2, { canonicalReading: forged, peakTemperatureC: -2 })],
          at(T0, 1, 0.6),
        ),
        'VALIDATION: excursion.evidence.proof',
      );
      const swapped = excursion(2);
      expectRefused(
        await story.invoke(
          gateway,
          'ColdChain:RaiseExcursion',
          [{ ...swapped, evidence: { ...swapped.evidence, proof: { ...swapped.evidence.proof, index: 3 } } }],
          at(T0, 1, 0.6),
        ),
        'VALIDATION: excursion.evidence.proof',
      );
    });

    it('refuses a peak that is not the reading, and an excursion below the storage limit', async () => {
      const { story } = await withStoredBags();
      expectRefused(
        await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(2, { peakTemperatureC: -5 })], at(T0, 1, 0.6)),
        'VALIDATION: excursion.evidence.canonicalReading.value',
      );
      expectRefused(
        await story.invoke(gateway, 'ColdChain:RaiseExcursion', [excursion(1)], at(T0, 1, 0.6)),
        'VALIDATION: excursion.peakTemperatureC',
      );
    });

    it("is raised only by the device gateway of the device's site", async () => {
      const { story } = await withStoredBags();
      expectRefused(await story.invoke(callers.stationQaA, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6)), 'FORBIDDEN');
      const otherGateway = cas.StationBMSP.issue('coldchain1', 'device-gateway');
      expectRefused(await story.invoke(otherGateway, 'ColdChain:RaiseExcursion', [excursion(2)], at(T0, 1, 0.6)), 'FORBIDDEN');
    });
  });
  describe('RaiseExcursion of a reefer logger', () => {
    const REEFER = 'G1001-TRK-07';
    // The logger warms from 10 s into the window, peaks at -9 °C at 20 s and is back at 30 s.
    const TRK = [reading(REEFER, 0, -28), reading(REEFER, 10, -18), reading(REEFER, 20, -9), reading(REEFER, 30, -27)];
    const timeOf = (index: number): string => JSON.parse(TRK[index]!).sourceTime;
    const reeferExcursion = (endedAt: string | null = timeOf(3)) => ({
      excursionId: `${REEFER}/temperature@${timeOf(1)}`,
      device: REEFER,
      startedAt: timeOf(1),
      endedAt,
      peakTemperatureC: -9,
      evidence: {
        windowStart: WINDOW_START,
        root: rootOf(leaves(TRK)),
        readingId: `${REEFER}/temperature@${timeOf(2)}`,
        canonicalReading: TRK[2]!,
        proof: { index: 2, leafCount: TRK.length, steps: proofOf(leaves(TRK), 2) },
      },
    });
    const din13 = (din: string): string => din.slice(0, 13);
    const dispatch = (story: Story, shipmentId: string, dins: string[], when: string, loggerDevice?: string) =>
      story.ok(
        callers.collectorA,
        'Shipment:DispatchShipment',
        [{ shipmentId, destination: 'FactoryMSP', dins, temperatureC: -28, loggerDevice }],
        when,
      );

    /**
     * Seven stored StationA bags in six shipments around the excursion (day 1, 00:00:10 to 00:00:30 after T0):
     * with the logger and travelling during it (G1001-SHP-1-ON: two bags; G1001-SHP-2-ARRIVING: received 5 s into it), with the
     * logger but received before it (G1001-SHP-0-EARLY) or dispatched after it (G1001-SHP-5-LATE), with another logger
     * (G1001-SHP-3-OTHER), without a logger (G1001-SHP-4-NONE).
     */
    async function shipmentsAround(): Promise<{ story: Story; held: Record<string, string[]>; untouched: Record<string, string[]> }> {
      const story = await Story.begin();
      await story.ok(callers.stationAAdmin, 'ColdChain:RegisterDevice', [{ deviceId: REEFER, kind: 'reefer' }], T0);
      await story.ok(callers.stationAAdmin, 'ColdChain:RegisterDevice', [{ deviceId: 'G1001-TRK-08', kind: 'reefer' }], T0);
      const dins: string[] = [];
      for (let bag = 0; bag < 7; bag += 1) dins.push(await story.collect(T0, `reefer-donor-${bag}`));
      for (const din of dins) await story.screen(din, at(T0, 0, 1));
      await story.store(dins, at(T0, 0, 2));
      const [early, on1, on2, arriving, other, none, late] = dins as [string, string, string, string, string, string, string];
      await dispatch(story, 'G1001-SHP-0-EARLY', [early], at(T0, 0, 3), REEFER);
      await story.receive('G1001-SHP-0-EARLY', [early], at(T0, 0, 20));
      await dispatch(story, 'G1001-SHP-1-ON', [on1, on2], at(T0, 0, 22), REEFER);
      await dispatch(story, 'G1001-SHP-2-ARRIVING', [arriving], at(T0, 0, 23), REEFER);
      await story.receive('G1001-SHP-2-ARRIVING', [arriving], new Date(Date.parse(WINDOW_START) + 15_000).toISOString());
      await dispatch(story, 'G1001-SHP-3-OTHER', [other], at(T0, 0, 22), 'G1001-TRK-08');
      await dispatch(story, 'G1001-SHP-4-NONE', [none], at(T0, 0, 22));
      await dispatch(story, 'G1001-SHP-5-LATE', [late], at(T0, 1, 0.3), REEFER);
      await story.ok(
        gateway,
        'ColdChain:AnchorReadings',
        [window([{ device: REEFER, root: rootOf(leaves(TRK)), leafCount: TRK.length }])],
        at(T0, 1, 0.4),
      );
      return {
        story,
        held: { 'G1001-SHP-1-ON': [on1, on2], 'G1001-SHP-2-ARRIVING': [arriving] },
        untouched: { 'G1001-SHP-0-EARLY': [early], 'G1001-SHP-3-OTHER': [other], 'G1001-SHP-4-NONE': [none], 'G1001-SHP-5-LATE': [late] },
      };
    }

    it('holds exactly the bags of the shipments travelling with the logger during the excursion', async () => {
      const { story, held, untouched } = await shipmentsAround();
      const outcome = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.6));
      const heldDins = [...held['G1001-SHP-1-ON']!, ...held['G1001-SHP-2-ARRIVING']!].map(din13);
      expect(JSON.parse(outcome.result!)).to.deep.equal({
        excursionId: reeferExcursion().excursionId,
        dins: heldDins,
        shipments: ['G1001-SHP-1-ON', 'G1001-SHP-2-ARRIVING'],
        continuation: null,
      });
      const event = JSON.parse(Buffer.from(outcome.event!.payload).toString());
      expect(event.type).to.equal('DonationsPutOnHold');
      expect(event.data.excursion).to.deep.equal({ maxTemperatureC: -9, durationHours: 0.01, location: `reefer logger ${REEFER}` });
      expect(event.data.shipments).to.deep.equal([
        { shipmentId: 'G1001-SHP-1-ON', dins: held['G1001-SHP-1-ON']!.map(din13) },
        { shipmentId: 'G1001-SHP-2-ARRIVING', dins: held['G1001-SHP-2-ARRIVING']!.map(din13) },
      ]);
      expect(event.objects).to.deep.equal([
        { type: 'excursion', id: reeferExcursion().excursionId },
        ...heldDins.map((id) => ({ type: 'donation', id })),
      ]);

      // In transit: held by the station that still holds them, for the 20 s of the excursion.
      for (const din of held['G1001-SHP-1-ON']!) {
        const bag = await story.donation(din);
        expect(bag).to.deep.include({ status: 'on-hold', excursionCount: 1, shipmentId: 'G1001-SHP-1-ON' });
        expect(bag).to.not.have.property('custodian');
        expect(bag.hold).to.deep.include({
          kind: 'temperature',
          from: 'shipped',
          excursion: { maxTemperatureC: -9, durationHours: 0.01, location: 'shipment G1001-SHP-1-ON' },
        });
      }
      // Received 5 s into the excursion: held in the factory's custody, exposed only until its receipt.
      const arrived = await story.donation(held['G1001-SHP-2-ARRIVING']![0]!);
      expect(arrived).to.deep.include({ status: 'on-hold', custodian: 'FactoryMSP' });
      expect(arrived.hold).to.deep.include({
        from: 'received',
        excursion: { maxTemperatureC: -9, durationHours: 0, location: 'shipment G1001-SHP-2-ARRIVING' },
      });
      const statusOf = async (din: string): Promise<string> => (await story.donation(din)).status;
      expect(await statusOf(untouched['G1001-SHP-0-EARLY']![0]!)).to.equal('received');
      for (const shipmentId of ['G1001-SHP-3-OTHER', 'G1001-SHP-4-NONE', 'G1001-SHP-5-LATE'])
        expect(await statusOf(untouched[shipmentId]![0]!), shipmentId).to.equal('shipped');

      const record = await story.ok(callers.inspector, 'ColdChain:GetExcursion', [reeferExcursion().excursionId], at(T0, 1, 1));
      expect(record).to.deep.include({
        device: REEFER,
        site: 'StationAMSP',
        shipments: ['G1001-SHP-1-ON', 'G1001-SHP-2-ARRIVING'],
        dins: heldDins,
        peakTemperatureC: -9,
      });
      expect(record).to.not.have.property('location');
      // A repeat report holds nothing twice.
      const repeat = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.7));
      expect(JSON.parse(repeat.result!)).to.deep.include({ dins: heldDins, shipments: ['G1001-SHP-1-ON', 'G1001-SHP-2-ARRIVING'] });
      expect(JSON.parse(Buffer.from(repeat.event!.payload).toString()).data).to.deep.include({ dins: [], shipments: [] });
      expect((await story.donation(held['G1001-SHP-1-ON']![0]!)).excursionCount).to.equal(1);
    });

    it('while it runs, holds the shipments dispatched with the logger up to the transaction time', async () => {
      const { story, held, untouched } = await shipmentsAround();
      const running = await story.ok(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion(null)], at(T0, 1, 0.6));
      expect(running.shipments).to.deep.equal(['G1001-SHP-1-ON', 'G1001-SHP-2-ARRIVING', 'G1001-SHP-5-LATE']);
      expect(running.dins).to.deep.equal(
        [...held['G1001-SHP-1-ON']!, ...held['G1001-SHP-2-ARRIVING']!, ...untouched['G1001-SHP-5-LATE']!].map(din13),
      );
    });

    it('lets the factory receive a shipment held in transit: the bags arrive on their hold, a damaged one is rejected', async () => {
      const { story, held } = await shipmentsAround();
      await story.ok(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.6));
      const [kept, damaged] = held['G1001-SHP-1-ON']! as [string, string];
      const shipment = await story.receive('G1001-SHP-1-ON', [kept, damaged], at(T0, 1, 5), { damagedDins: [damaged] });
      expect(shipment.receipt.discrepancies).to.deep.equal([{ kind: 'damaged', dins: [din13(damaged)] }]);
      const arrived = await story.donation(kept);
      expect(arrived).to.deep.include({ status: 'on-hold', custodian: 'FactoryMSP', receivedAt: at(T0, 1, 5) });
      expect(arrived.hold).to.deep.include({ kind: 'temperature', from: 'received' });
      const rejected = await story.donation(damaged);
      expect(rejected).to.include({ status: 'rejected', custodian: 'FactoryMSP' });
      expect(rejected).to.not.have.property('hold');
      // -9 °C for a minute, once, is within the CN allowance: factory QA returns the bag to received.
      expect(
        (await story.ok(callers.factoryQa, 'Donation:ResolveHold', [kept, { reason: 'reefer excursion within allowance' }], at(T0, 1, 6)))
          .status,
      ).to.equal('received');
    });

    it('gives the shipments it still reaches the numbers of its ended report; the others keep their hold for QA', async () => {
      const { story, held, untouched } = await shipmentsAround();
      await story.ok(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion(null)], at(T0, 1, 0.6));
      const late = untouched['G1001-SHP-5-LATE']![0]!;
      const before = await story.donation(late);
      expect(before.hold.excursion).to.deep.equal({ maxTemperatureC: -9, durationHours: 0.3, location: 'shipment G1001-SHP-5-LATE' });
      expect((await story.donation(held['G1001-SHP-1-ON']![0]!)).hold.excursion.durationHours).to.equal(0.6);
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:ResolveHold', [late, { reason: 'dispatched after it' }], at(T0, 1, 0.65)),
        'CONFLICT',
      );

      const ended = await story.invoke(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.7));
      expect(JSON.parse(Buffer.from(ended.event!.payload).toString()).data).to.deep.include({
        dins: [],
        revisedDins: [...held['G1001-SHP-1-ON']!, ...held['G1001-SHP-2-ARRIVING']!].map(din13),
      });
      for (const din of held['G1001-SHP-1-ON']!) {
        expect(await story.donation(din)).to.deep.include({
          excursionCount: 1,
          hold: {
            ...before.hold,
            from: 'shipped',
            excursion: { maxTemperatureC: -9, durationHours: 0.01, location: 'shipment G1001-SHP-1-ON' },
          },
        });
      }
      expect((await story.donation(late)).hold).to.deep.equal(before.hold);
      // Ended, the excursion no longer stands in the way: QA judges the late shipment's bag.
      expect(
        (await story.ok(callers.stationQaA, 'Donation:ResolveHold', [late, { reason: 'dispatched after it ended' }], at(T0, 1, 0.75)))
          .status,
      ).to.equal('shipped');
    });

    it('keeps a label mismatch found on receipt of a bag held in transit with its hold', async () => {
      const { story, held } = await shipmentsAround();
      await story.ok(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.6));
      const [mislabelled, other] = held['G1001-SHP-1-ON']! as [string, string];
      const shipment = await story.receive('G1001-SHP-1-ON', [mislabelled, other], at(T0, 1, 5), { labelMismatchDins: [mislabelled] });
      expect(shipment.receipt.discrepancies).to.deep.equal([{ kind: 'label', dins: [din13(mislabelled)] }]);
      const arrived = await story.donation(mislabelled);
      expect(arrived).to.deep.include({ status: 'on-hold', custodian: 'FactoryMSP', excursionCount: 1 });
      expect(arrived.hold).to.deep.include({
        kind: 'temperature',
        from: 'received',
        excursionId: reeferExcursion().excursionId,
        laterFindings: [{ kind: 'label', since: at(T0, 1, 5) }],
      });
      expect((await story.donation(other)).hold).to.not.have.property('laterFindings');
      // Relabelled, the bag stays on its reefer's hold, now without the label finding (Donation:CorrectLabel).
      const correction = { found: 'label torn', reprintedDin: mislabelled, reprintedProductCode: 'E0701V00', reason: 'label reprinted' };
      const { laterFindings: _label, ...reeferHold } = arrived.hold;
      expect((await story.ok(callers.factoryQa, 'Donation:CorrectLabel', [mislabelled, correction], at(T0, 1, 6))).hold).to.deep.equal(
        reeferHold,
      );
    });

    it('keeps a warm arrival of a bag held in transit with its hold, counting one excursion more', async () => {
      const { story, held } = await shipmentsAround();
      await story.ok(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.6));
      const [mislabelled, other] = held['G1001-SHP-1-ON']! as [string, string];
      const shipment = await story.receive('G1001-SHP-1-ON', [mislabelled, other], at(T0, 1, 5), {
        labelMismatchDins: [mislabelled],
        temperatureC: -12,
      });
      expect(shipment.receipt.discrepancies).to.deep.equal([
        { kind: 'label', dins: [din13(mislabelled)] },
        { kind: 'temperature', dins: [mislabelled, other].map(din13).sort() },
      ]);
      // Dispatched at 22:00 the day before, received at 05:00: seven hours on the road.
      const warmArrival = {
        kind: 'temperature',
        since: at(T0, 1, 5),
        excursion: { maxTemperatureC: -12, durationHours: 7, location: 'shipment G1001-SHP-1-ON' },
      };
      const both = await story.donation(mislabelled);
      expect(both).to.deep.include({ status: 'on-hold', excursionCount: 2 });
      expect(both.hold).to.deep.include({
        kind: 'temperature',
        from: 'received',
        laterFindings: [{ kind: 'label', since: at(T0, 1, 5) }, warmArrival],
      });
      const warm = await story.donation(other);
      expect(warm).to.deep.include({ status: 'on-hold', excursionCount: 2 });
      expect(warm.hold.laterFindings).to.deep.equal([warmArrival]);
      // Two excursions exceed the CN allowance of one: QA may not return the bag, which must be destroyed.
      expectRefused(
        await story.invoke(
          callers.factoryQa,
          'Donation:ResolveHold',
          [other, { reason: 'reefer excursion within allowance' }],
          at(T0, 1, 6),
        ),
        'CONFLICT: the excursion of donation',
      );
    });

    it('records an excursion with no shipment travelling, holding nothing', async () => {
      const story = await Story.begin();
      await story.ok(callers.stationAAdmin, 'ColdChain:RegisterDevice', [{ deviceId: REEFER, kind: 'reefer' }], T0);
      await story.ok(
        gateway,
        'ColdChain:AnchorReadings',
        [window([{ device: REEFER, root: rootOf(leaves(TRK)), leafCount: TRK.length }])],
        at(T0, 1, 0.4),
      );
      expect(await story.ok(gateway, 'ColdChain:RaiseExcursion', [reeferExcursion()], at(T0, 1, 0.6))).to.deep.equal({
        excursionId: reeferExcursion().excursionId,
        dins: [],
        shipments: [],
        continuation: null,
      });
    });
  });
});
