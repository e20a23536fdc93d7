// Correcting a mistyped collection item (issue 14, EU GMP Annex 11 §9): the station's staff propose the new value with
// a reason, the station's QA (another person) applies or rejects it; the original stays on the record and in the trail.
import { expect } from 'chai';
import { callers, cas, expectRefused } from './fixtures';
import { MAX_CORRECTIONS } from '../src/donation/donation-contract';
import { at, Story, T0 } from './story';

const volumeTypo = { field: 'volumeMl', to: '580', reason: 'volume typed as 600; the scale read 580' };

describe('Donation corrections', () => {
  it('changes nothing until QA, another person, applies it; then the trail shows old and new with the reason', async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    const proposed = await story.ok(callers.collectorA, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 1));
    expect(proposed.volumeMl).to.equal(600);
    expect(proposed.corrections).to.have.length(1);
    expect(proposed.corrections[0]).to.deep.include({
      field: 'volumeMl',
      from: '600',
      to: '580',
      status: 'proposed',
      proposedAt: at(T0, 0, 1),
    });
    expect(proposed.corrections[0].proposedBy).to.deep.include({ mspId: 'StationAMSP', name: 'collector1' });

    const applied = await story.ok(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 2));
    expect(applied.volumeMl).to.equal(580);
    expect(applied.corrections[0]).to.deep.include({ status: 'applied', from: '600', to: '580', reviewedAt: at(T0, 0, 2) });
    expect(applied.corrections[0].reviewedBy).to.deep.include({ name: 'stationqa1', role: 'station-qa' });
    expect(applied.lastChange).to.include({ transaction: 'Donation:ReviewCorrection', reason: volumeTypo.reason });

    const trail = await story.ok(callers.inspector, 'Lineage:GetAuditTrail', ['donation', din.slice(0, 13)], at(T0, 0, 3));
    const change = trail.at(-1);
    expect(change).to.deep.include({ what: 'Donation:ReviewCorrection', reason: volumeTypo.reason });
    expect(change.changes).to.deep.include({ field: 'volumeMl', old: 600, new: 580 });
  });

  it('is reviewed by another person than its proposer: not the same name, nor another certificate of the same person', async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    const qaWithPerson = cas.StationAMSP.issue('stationqa1', 'station-qa', {}, { person: 'p-0042' });
    await story.ok(qaWithPerson, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 1));
    expectRefused(
      await story.invoke(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 2)),
      `FORBIDDEN: the correction of ${din.slice(0, 13)} is reviewed by another person than its proposer`,
    );
    const sameUnderAnotherName = cas.StationAMSP.issue('qa-second-card', 'station-qa', {}, { person: 'p-0042' });
    expectRefused(
      await story.invoke(sameUnderAnotherName, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 2)),
      'FORBIDDEN: the correction',
    );
    const other = cas.StationAMSP.issue('stationqa2', 'station-qa', {}, { person: 'p-0043' });
    expect((await story.ok(other, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 2))).volumeMl).to.equal(580);
  });

  it('is not reviewed by the proposer under a name in other case, nor by another certificate of their enrolment or key', async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    const alice = cas.StationAMSP.issue('alice', 'station-qa');
    await story.ok(alice, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 1));
    const refused = async (reviewer: typeof alice) =>
      expectRefused(
        await story.invoke(reviewer, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 2)),
        `FORBIDDEN: the correction of ${din.slice(0, 13)} is reviewed by another person than its proposer`,
      );
    // Her name in capitals, with a person attribute her first card lacked.
    await refused(cas.StationAMSP.issue(' Alice', 'station-qa', {}, { person: 'p-0042' }));
    // A second card under another name, of her enrolment.
    await refused(cas.StationAMSP.issue('alice-qa', 'station-qa', {}, { 'hf.EnrollmentID': 'alice' }));
    // A second card under another name, of her key.
    await refused(cas.StationAMSP.issue('alice-2', 'station-qa', {}, {}, alice.privateKey));
    await story.ok(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 2));
  });

  it('keeps a bag with a correction waiting from shipping, and a bag to ten corrections', async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    await story.screen(din, at(T0, 0, 1));
    await story.store([din], at(T0, 0, 2));
    await story.ok(callers.collectorA, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 3));
    const dispatch = { shipmentId: 'G1001-SHP-C1', destination: 'FactoryMSP', dins: [din], temperatureC: -30 };
    expectRefused(
      await story.invoke(callers.collectorA, 'Shipment:DispatchShipment', [dispatch], at(T0, 0, 4)),
      `CONFLICT: donation ${din.slice(0, 13)} has a correction waiting for QA review; it is applied or rejected before it ships`,
    );
    let when = at(T0, 0, 4);
    await story.ok(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'reject', reason: 'no' }], when);
    for (let n = 1; n < MAX_CORRECTIONS; n += 1) {
      when = at(when, 0, 0.1);
      await story.ok(callers.collectorA, 'Donation:ProposeCorrection', [din, { ...volumeTypo, to: String(500 + n) }], when);
      await story.ok(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'reject', reason: 'no' }], when);
    }
    expectRefused(
      await story.invoke(callers.collectorA, 'Donation:ProposeCorrection', [din, volumeTypo], at(when, 0, 0.1)),
      `CONFLICT: donation ${din.slice(0, 13)} has had ${MAX_CORRECTIONS} corrections, the most a bag may`,
    );
    await story.ok(callers.collectorA, 'Shipment:DispatchShipment', [dispatch], at(when, 0, 0.2));
  });

  it('is rejected only with a reason, applied only without one, and the value stays as recorded', async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    await story.ok(callers.collectorA, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 1));
    expectRefused(
      await story.invoke(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'reject' }], at(T0, 0, 2)),
      'VALIDATION: review.reason: is required',
    );
    // A reason given with an application would be dropped: it is refused, and nothing is applied.
    expectRefused(
      await story.invoke(
        callers.stationQaA,
        'Donation:ReviewCorrection',
        [din, { decision: 'apply', reason: 'looks right' }],
        at(T0, 0, 2),
      ),
      "VALIDATION: review.reason: is given only to reject: an applied correction carries its proposer's reason",
    );
    expect((await story.donation(din)).corrections[0]).to.include({ status: 'proposed' });
    const rejected = await story.ok(
      callers.stationQaA,
      'Donation:ReviewCorrection',
      [din, { decision: 'reject', reason: 'the batch record shows 600 mL' }],
      at(T0, 0, 2),
    );
    expect(rejected.volumeMl).to.equal(600);
    expect(rejected.corrections[0]).to.deep.include({ status: 'rejected', rejectionReason: 'the batch record shows 600 mL' });
    expectRefused(
      await story.invoke(callers.stationQaA, 'Donation:ReviewCorrection', [din, { decision: 'apply' }], at(T0, 0, 3)),
      `CONFLICT: donation ${din.slice(0, 13)} has no correction waiting for review`,
    );
  });

  it('names the field and the rule of a bad correction, one at a time, and writes nothing', async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    const propose = (correction: unknown, caller = callers.collectorA) =>
      story.invoke(caller, 'Donation:ProposeCorrection', [din, correction], at(T0, 0, 1));
    expectRefused(
      await propose({ ...volumeTypo, field: 'donorPseudonym', to: 'f'.repeat(64) }),
      'VALIDATION: correction.field: must be one of',
    );
    expectRefused(await propose({ ...volumeTypo, to: 5000 }), 'VALIDATION: correction.to: must be a whole number');
    expectRefused(await propose({ ...volumeTypo, to: 600 }), 'VALIDATION: correction.to: must differ from the volumeMl recorded (600)');
    expectRefused(await propose({ field: 'volumeMl', to: 580 }), 'VALIDATION: correction.reason: is required');
    await story.ok(callers.collectorA, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 1));
    expectRefused(
      await propose({ ...volumeTypo, to: 590 }),
      `CONFLICT: donation ${din.slice(0, 13)} has a correction waiting for QA review`,
    );
  });

  it("is the station's while it holds the bag, before the bag ships", async () => {
    const story = await Story.begin();
    const din = await story.collect(T0);
    expectRefused(await story.invoke(callers.collectorB, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 1)), 'FORBIDDEN');
    await story.screen(din, at(T0, 0, 1));
    await story.store([din], at(T0, 0, 2));
    await story.ship([din], at(T0, 0, 3));
    expectRefused(
      await story.invoke(callers.collectorA, 'Donation:ProposeCorrection', [din, volumeTypo], at(T0, 0, 4)),
      `CONFLICT: donation ${din.slice(0, 13)} is shipped; a collection item is corrected only before the bag ships`,
    );
  });
});
