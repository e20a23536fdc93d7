import { expect } from 'chai';
import { callers, expectRefused } from './fixtures';
import { verifyMembershipProof } from '../src/pool/membership';
import { at, pseudonymOf, Story, T0 } from './story';

const SEROCONVERSION = at(T0, 150);
const REASON = 'donor anti-HIV reactive at donation of 2025-06-09';

/**
 * The donor "seroconverter" gave a donation that went through pool → lot → shipped case, a later one that was released
 * but not pooled, and one just collected; plus one donation long before the window. Other donors fill the pool.
 */
async function seroconversionStory() {
  const story = await Story.begin();
  const old = await story.collect(at(T0, -400), 'seroconverter');
  const pooledDonation = await story.collect(T0, 'seroconverter');
  const released = await story.collect(at(T0, 14), 'seroconverter');
  const fresh = await story.collect(at(T0, 140), 'seroconverter');
  await story.screen(pooledDonation, at(T0, 0, 2));
  await story.screen(released, at(T0, 14, 2));
  await story.screen(fresh, at(T0, 141));
  await story.store([pooledDonation, released], at(T0, 16));
  const shipment = await story.ship([pooledDonation, released], at(T0, 17));
  await story.receive(shipment, [pooledDonation, released], at(T0, 18));
  await story.quarantine([pooledDonation, released], at(T0, 18));
  await story.release([pooledDonation], at(T0, 91)); // its later negative donation is `released`
  await story.release([released], at(T0, 141)); // and `fresh` is that one's
  const others = await story.releasedDonations(20, at(T0, 1), 'A', 'filler');
  const poolDin = await story.closedPool([...others.slice(0, 11), pooledDonation, ...others.slice(11)], at(T0, 95), 7);
  await story.releasedLot('L1', [poolDin], at(T0, 100));
  const caseCode = await story.packedCase('L1', 5, at(T0, 101));
  await story.ok(
    callers.warehouse,
    'Units:ShipCases',
    [{ shipmentId: 'OUT-9', destination: 'Hospital pharmacy, Xuhui', cases: [caseCode] }],
    at(T0, 102),
  );
  return { story, old, pooledDonation, released, fresh, poolDin, caseCode };
}

describe('LookBack', () => {
  it("interdicts the donor's donations in the window, marks the pool, holds the lot, and records one verifiable case", async () => {
    const { story, old, pooledDonation, released, fresh, poolDin, caseCode } = await seroconversionStory();
    const progress = await story.ok(callers.regulator, 'LookBack:OpenLookBack', [pseudonymOf('seroconverter'), REASON, {}], SEROCONVERSION);
    expect(progress).to.deep.include({ status: 'complete', steps: 1, counts: { donations: 3, pools: 1, lots: 1 }, continuation: null });
    for (const din of [pooledDonation, released, fresh]) {
      const donation = await story.donation(din);
      expect(donation.status, din).to.equal('interdicted');
      expect(donation.interdiction).to.include({ caseId: progress.caseId, reason: REASON });
    }
    expect((await story.donation(old)).status).to.equal('collected');
    expect((await story.donation(pooledDonation)).interdiction.statusBefore).to.equal('pooled');
    expect((await story.ok(callers.inspector, 'Pool:GetPool', [poolDin], SEROCONVERSION)).lookBackCaseIds).to.deep.equal([progress.caseId]);
    const lot = await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], SEROCONVERSION);
    expect(lot.holds).to.deep.equal([
      { kind: 'look-back', ref: progress.caseId, reason: REASON, since: SEROCONVERSION, placedBy: 'RegulatorMSP' },
    ]);

    const {
      case: lookBack,
      items,
      verified,
    } = await story.ok(callers.regulator, 'LookBack:GetLookBackCase', [progress.caseId], SEROCONVERSION);
    expect(verified).to.equal(true);
    expect(lookBack).to.include({ status: 'complete', itemCount: 5, jurisdiction: 'CN' });
    expect(lookBack.window).to.deep.equal({ from: at(SEROCONVERSION, -180), to: SEROCONVERSION });
    expect(items.map((item: { kind: string; id: string }) => `${item.kind} ${item.id}`)).to.deep.equal([
      `donation ${pooledDonation.slice(0, 13)}`,
      `pool ${poolDin.slice(0, 13)}`,
      'lot L1',
      `donation ${released.slice(0, 13)}`,
      `donation ${fresh.slice(0, 13)}`,
    ]);
    const [proof] = items[0].detail.membershipProofs;
    expect(verifyMembershipProof(proof)).to.equal(true);
    expect(items[2].detail.shippedCases).to.deep.equal([
      { caseCode, count: 5, shipmentId: 'OUT-9', destination: 'Hospital pharmacy, Xuhui', shippedAt: at(T0, 102) },
    ]);
    // Tampering with an item breaks the chain.
    const { itemsDigestOf } = await import('../src/lookback/look-back-case');
    expect(itemsDigestOf(items)).to.equal(lookBack.itemsDigest);
    expect(itemsDigestOf([{ ...items[0], detail: { ...items[0].detail, statusBefore: 'released' } }, ...items.slice(1)])).to.not.equal(
      lookBack.itemsDigest,
    );
  });

  it('stops everything downstream: the held lot neither ships nor is released, and the pool makes no new lot', async () => {
    const { story, poolDin } = await seroconversionStory();
    const { caseId } = await story.ok(
      callers.stationQaA,
      'LookBack:OpenLookBack',
      [pseudonymOf('seroconverter'), REASON, {}],
      SEROCONVERSION,
    );
    const caseCode = await story.packedCase('L1', 2, SEROCONVERSION, 2);
    expectRefused(
      await story.invoke(
        callers.warehouse,
        'Units:ShipCases',
        [{ shipmentId: 'OUT-10', destination: 'x', cases: [caseCode] }],
        SEROCONVERSION,
      ),
      `CONFLICT: case ${caseCode} holds units of lot L1, which is not released for sale: on hold (look-back ${caseId})`,
    );
    expectRefused(
      await story.invoke(callers.regulator, 'Lot:ReleaseHold', ['L1', caseId, { reason: 'r' }], SEROCONVERSION),
      `CONFLICT: hold ${caseId} of lot L1 is a look-back hold; it is lifted only once the regulator concludes case ${caseId} as cleared`,
    );
    expectRefused(
      await story.invoke(
        callers.production,
        'Lot:CreateLot',
        [{ lotId: 'L2', product: { name: 'IVIG', gtin: '00000000000000', expiry: '2028-01-31' }, pools: [poolDin] }],
        SEROCONVERSION,
      ),
      `CONFLICT: pool ${poolDin.slice(0, 13)} holds a donation interdicted by look-back ${caseId}`,
    );
  });

  it('lists a recalled lot with where its cases went, but places no hold on it: a recalled lot is out of use already', async () => {
    const { story, caseCode } = await seroconversionStory();
    await story.ok(callers.qp, 'Lot:RecallLot', ['L1', { reason: 'stability failure' }], at(SEROCONVERSION, -1));
    const progress = await story.ok(callers.regulator, 'LookBack:OpenLookBack', [pseudonymOf('seroconverter'), REASON, {}], SEROCONVERSION);
    expect(progress.counts).to.deep.equal({ donations: 3, pools: 1, lots: 1 });
    const lot = await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], SEROCONVERSION);
    expect(lot).to.deep.include({ status: 'recalled', holds: [] });
    const { items } = await story.ok(callers.regulator, 'LookBack:GetLookBackCase', [progress.caseId], SEROCONVERSION);
    expect(items[2]).to.deep.include({ kind: 'lot', id: 'L1' });
    expect(items[2].detail.shippedCases.map((shipped: { caseCode: string }) => shipped.caseCode)).to.deep.equal([caseCode]);
  });

  it('proceeds in steps of ten donations with a continuation, and picks up a donation recorded behind the cursor', async () => {
    const story = await Story.begin();
    const dins: string[] = [];
    // At StationB, whose QSEAL rules allow a donation every two days.
    for (let day = 0; day < 24; day += 1) dins.push(await story.collect(at(T0, day * 4), 'frequent donor', 'B'));
    const when = at(T0, 100);
    const first = await story.ok(callers.stationQaB, 'LookBack:OpenLookBack', [pseudonymOf('frequent donor'), REASON, {}], when);
    expect(first).to.include({ status: 'in-progress', steps: 1 });
    expect(first.interdicted).to.have.length(10);
    expect(first.continuation).to.match(/\/G100225000010$/);
    // A donation entered late, collected before the cursor's place.
    const late = await story.collect(at(T0, 2), 'frequent donor', 'B');
    const second = await story.ok(callers.regulator, 'LookBack:ContinueLookBack', [first.caseId], when);
    expect(second).to.include({ status: 'in-progress', steps: 2 });
    const third = await story.ok(callers.stationQaB, 'LookBack:ContinueLookBack', [first.caseId], when);
    expect(third).to.deep.include({ status: 'complete', steps: 3, counts: { donations: 25, pools: 0, lots: 0 } });
    expect((await story.donation(late)).status).to.equal('interdicted');
    expect((await story.ok(callers.inspector, 'LookBack:GetLookBackCase', [first.caseId], when)).verified).to.equal(true);
    expectRefused(
      await story.invoke(callers.regulator, 'LookBack:ContinueLookBack', [first.caseId], when),
      `CONFLICT: look-back case ${first.caseId} is complete`,
    );
  });

  it("refuses a window shorter than the jurisdiction's look-back window, and callers outside the matrix", async () => {
    const story = await Story.begin();
    const donor = pseudonymOf('someone');
    expectRefused(
      await story.invoke(
        callers.regulator,
        'LookBack:OpenLookBack',
        [donor, REASON, { from: at(SEROCONVERSION, -30), to: SEROCONVERSION }],
        SEROCONVERSION,
      ),
      'VALIDATION: window.from: must be at least 180 days (the CN look-back window) before window.to',
    );
    const wide = await story.ok(
      callers.regulator,
      'LookBack:OpenLookBack',
      [donor, REASON, { from: at(SEROCONVERSION, -400), jurisdiction: 'QSEAL' }],
      SEROCONVERSION,
    );
    expect(wide).to.deep.include({ status: 'complete', counts: { donations: 0, pools: 0, lots: 0 } });
    expectRefused(
      await story.invoke(callers.collectorA, 'LookBack:OpenLookBack', [donor, REASON, {}], SEROCONVERSION),
      'FORBIDDEN: LookBack:OpenLookBack requires role',
    );
    expectRefused(
      await story.invoke(callers.regulator, 'LookBack:OpenLookBack', ['Zhang Wei', REASON, {}], SEROCONVERSION),
      'VALIDATION: donorPseudonym',
    );
  });
});
