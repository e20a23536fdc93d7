// Donation:CorrectLabel on the test ledger: a bag held for a label mismatch found on receipt, its label reprinted and
// checked by its custodian's QA, returns to where it was (or stays held for what else holds it), with the event
// LabelCorrected; everyone else, every other status and every malformed correction is refused, writing nothing.
import { expect } from 'chai';
import { callers, decode, expectRefused, parsed } from './fixtures';
import { at, Story, T0 } from './story';

const correction = (din: string, extra: Record<string, unknown> = {}) => ({
  found: 'DIN of another bag printed on the label',
  reprintedDin: din,
  reprintedProductCode: 'E0701V00',
  reason: 'label reprinted from the record',
  ...extra,
});

/** Two StationA bags received at the factory, the first found mislabelled (and, when `warm`, every bag arrived warm). */
async function mislabelledOnReceipt(warm = false): Promise<{ story: Story; mislabelled: string; other: string }> {
  const story = await Story.begin();
  const dins = [await story.collect(T0, 'd1'), await story.collect(T0, 'd2')];
  for (const din of dins) await story.screen(din, at(T0, 1));
  await story.store(dins, at(T0, 1));
  const shipmentId = await story.ship(dins, at(T0, 2));
  await story.receive(shipmentId, dins, at(T0, 3), { labelMismatchDins: [dins[0]], ...(warm ? { temperatureC: -12 } : {}) });
  return { story, mislabelled: dins[0]!, other: dins[1]! };
}

describe('Donation:CorrectLabel', () => {
  it('lets the custodian QA correct a mislabelled bag, which returns to where it was, and announces LabelCorrected', async () => {
    const { story, mislabelled } = await mislabelledOnReceipt();
    const outcome = await story.invoke(callers.factoryQa, 'Donation:CorrectLabel', [mislabelled, correction(mislabelled)], at(T0, 4));
    const corrected = parsed(outcome);
    expect(corrected).to.include({ status: 'received', custodian: 'FactoryMSP' });
    expect(corrected).to.not.have.property('hold');
    expect(corrected.labelCorrection).to.deep.equal({ ...correction(mislabelled), correctedAt: at(T0, 4) });
    expect(corrected.lastChange).to.include({ transaction: 'Donation:CorrectLabel', reason: 'label reprinted from the record' });
    expect(await story.donation(mislabelled)).to.deep.equal(corrected);
    expect(outcome.event!.name).to.equal('LabelCorrected');
    expect(decode(outcome.event!.payload)).to.deep.include({
      type: 'LabelCorrected',
      key: mislabelled.slice(0, 13),
      data: corrected,
      objects: [{ type: 'donation', id: mislabelled.slice(0, 13) }],
    });
  });

  it('keeps a warm arrival on hold after the label is corrected, for ResolveHold to judge', async () => {
    const { story, mislabelled } = await mislabelledOnReceipt(true);
    const corrected = await story.ok(callers.factoryQa, 'Donation:CorrectLabel', [mislabelled, correction(mislabelled)], at(T0, 4));
    expect(corrected.status).to.equal('on-hold');
    expect(corrected.hold).to.deep.equal({
      kind: 'temperature',
      from: 'received',
      since: at(T0, 3),
      excursion: { maxTemperatureC: -12, durationHours: 24, location: 'shipment G1001-SHP-1' },
    });
    expectRefused(
      await story.invoke(callers.factoryQa, 'Donation:CorrectLabel', [mislabelled, correction(mislabelled)], at(T0, 5)),
      `CONFLICT: donation ${mislabelled.slice(0, 13)} is on a temperature hold, not held for its label`,
    );
    expect(
      (await story.ok(callers.factoryQa, 'Donation:ResolveHold', [mislabelled, { reason: 'within allowance' }], at(T0, 5))).status,
    ).to.equal('received');
  });

  it('refuses everyone but the custodian QA', async () => {
    const { story, mislabelled } = await mislabelledOnReceipt();
    expectRefused(
      await story.invoke(callers.warehouse, 'Donation:CorrectLabel', [mislabelled, correction(mislabelled)], at(T0, 4)),
      'FORBIDDEN: Donation:CorrectLabel requires role station-qa or factory-qa; the caller from FactoryMSP has role warehouse',
    );
    expectRefused(
      await story.invoke(callers.regulator, 'Donation:CorrectLabel', [mislabelled, correction(mislabelled)], at(T0, 4)),
      'FORBIDDEN: Donation:CorrectLabel requires role',
    );
    // The collecting station's QA passes the role matrix, but the bag is in the factory's custody now.
    expectRefused(
      await story.invoke(callers.stationQaA, 'Donation:CorrectLabel', [mislabelled, correction(mislabelled)], at(T0, 4)),
      `FORBIDDEN: donation ${mislabelled.slice(0, 13)} is in the custody of FactoryMSP; StationAMSP may not correct the label of it`,
    );
  });

  it('refuses a bag that is not held for its label', async () => {
    const { story, other } = await mislabelledOnReceipt();
    expectRefused(
      await story.invoke(callers.factoryQa, 'Donation:CorrectLabel', [other, correction(other)], at(T0, 4)),
      `CONFLICT: donation ${other.slice(0, 13)} is received, not held for its label`,
    );
    const stationBag = await story.collect(T0, 'd3');
    await story.ok(
      callers.collectorA,
      'Donation:RecordTemperatureExcursion',
      [[stationBag], { location: 'freezer F1', maxTemperatureC: -12, durationHours: 2 }],
      at(T0, 1),
    );
    expectRefused(
      await story.invoke(callers.stationQaA, 'Donation:CorrectLabel', [stationBag, correction(stationBag)], at(T0, 2)),
      `CONFLICT: donation ${stationBag.slice(0, 13)} is on a temperature hold, not held for its label`,
    );
  });

  it('refuses a correction that does not prove the reprinted label, naming the field', async () => {
    const { story, mislabelled, other } = await mislabelledOnReceipt();
    const refusals: [Record<string, unknown>, string][] = [
      [correction(other), 'VALIDATION: correction.reprintedDin: must be'],
      [correction(mislabelled.slice(0, 13)), 'VALIDATION: correction.reprintedDin: must be'],
      [correction(mislabelled, { reprintedProductCode: 'E0702V00' }), 'VALIDATION: correction.reprintedProductCode: must be E0701V00'],
      [correction(mislabelled, { reason: undefined }), 'VALIDATION: correction.reason'],
      [correction(mislabelled, { found: '' }), 'VALIDATION: correction.found'],
      [correction(mislabelled, { newDin: 'G100125000099' }), 'VALIDATION: correction'],
    ];
    for (const [input, prefix] of refusals) {
      expectRefused(await story.invoke(callers.factoryQa, 'Donation:CorrectLabel', [mislabelled, input], at(T0, 4)), prefix);
    }
    expectRefused(
      await story.invoke(callers.factoryQa, 'Donation:CorrectLabel', [mislabelled, 'not json'], at(T0, 4)),
      'VALIDATION: correction: must be valid JSON',
    );
    expect((await story.donation(mislabelled)).status).to.equal('on-hold');
  });
});
