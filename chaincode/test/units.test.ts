import { expect } from 'chai';
import { callers, expectRefused } from './fixtures';
import { at, GTIN, sscc, Story, T0, unitCode } from './story';

const WHEN = at(T0, 100);

async function lotInProcess(): Promise<{ story: Story; poolDin: string }> {
  const story = await Story.begin();
  const dins = await story.releasedDonations(2);
  const poolDin = await story.closedPool(dins, at(T0, 95));
  await story.lotReadyForRelease('L1', [poolDin], WHEN);
  return { story, poolDin };
}

describe('Units', () => {
  it("commissions GS1 and drug traceability codes of the lot's product while the lot is still in quarantine", async () => {
    const { story } = await lotInProcess();
    const codes = [unitCode('A1'), unitCode('A2'), '86123450000000011234'];
    const summary = await story.ok(callers.warehouse, 'Units:CommissionUnits', ['L1', codes], WHEN);
    expect(summary).to.deep.include({ lotId: 'L1', unitCount: 3 });
    const unit = await story.ok(callers.inspector, 'Units:GetUnit', [unitCode('A1')], WHEN);
    expect(unit.unit).to.include({ scheme: 'gs1', serial: 'A1', lotId: 'L1', status: 'commissioned' });
    expect(unit.lot).to.include({ status: 'in-process' });
    expect((await story.ok(callers.inspector, 'Units:GetUnit', ['86123450000000011234'], WHEN)).unit.scheme).to.equal('cn-drug-trace');
  });

  it("validates codes: GTIN check digit, the lot's product, no repeats, never twice", async () => {
    const { story } = await lotInProcess();
    const badCheck = `(01)${GTIN.slice(0, 13)}${(Number(GTIN[13]) + 1) % 10}(21)X1`;
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:CommissionUnits', ['L1', [badCheck]], WHEN),
      'VALIDATION: units[0]: has GTIN',
    );
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:CommissionUnits', ['L1', ['(01)00000000000000(21)X1']], WHEN),
      "VALIDATION: units[0]: has GTIN 00000000000000; the lot's product is",
    );
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:CommissionUnits', ['L1', ['12345670000000011234']], WHEN),
      'VALIDATION: units[0]: has product code 1234567',
    );
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:CommissionUnits', ['L1', [unitCode('X'), unitCode('X')]], WHEN),
      'VALIDATION: units[1]: repeats unit',
    );
    await story.ok(callers.warehouse, 'Units:CommissionUnits', ['L1', [unitCode('X')]], WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Units:CommissionUnits', ['L1', [unitCode('X')]], WHEN), 'CONFLICT: unit');
  });

  it('ships cases only once the lot is released by QA and the regulator and not on hold', async () => {
    const { story } = await lotInProcess();
    const caseCode = await story.packedCase('L1', 4, WHEN);
    const ship = (shipmentId: string) => [{ shipmentId, destination: 'Sinopharm Shanghai DC (GLN 6901234000017)', cases: [caseCode] }];
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:ShipCases', ship('OUT-1'), WHEN),
      `CONFLICT: case ${caseCode} holds units of lot L1, which is not released for sale: it is in-process`,
    );
    await story.qaRelease('L1', WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Units:ShipCases', ship('OUT-1'), WHEN), 'CONFLICT: case');
    await story.regulatorRelease('L1', WHEN);
    await story.ok(callers.qp, 'Lot:PlaceOnHold', ['L1', { reason: 'complaint' }], WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Units:ShipCases', ship('OUT-1'), WHEN), 'CONFLICT: case');
    const [hold] = (await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN)).holds;
    await story.ok(callers.qp, 'Lot:ReleaseHold', ['L1', hold.ref, { reason: 'cleared' }], WHEN);
    const shipped = await story.ok(callers.warehouse, 'Units:ShipCases', ship('OUT-1'), WHEN);
    expect(shipped).to.include({ shipmentId: 'OUT-1', units: 4 });
    const unit = await story.ok(callers.inspector, 'Units:GetUnit', [unitCode('L1-1-2')], WHEN);
    expect(unit.case).to.deep.include({
      status: 'shipped',
      shipment: { shipmentId: 'OUT-1', destination: 'Sinopharm Shanghai DC (GLN 6901234000017)', shippedAt: WHEN },
    });
    expectRefused(await story.invoke(callers.warehouse, 'Units:ShipCases', ship('OUT-2'), WHEN), 'CONFLICT: case');
  });

  it("packs a case of one lot's commissioned units, each once", async () => {
    const { story, poolDin } = await lotInProcess();
    await story.lotReadyForRelease('L2', [poolDin], WHEN);
    await story.ok(callers.warehouse, 'Units:CommissionUnits', ['L1', [unitCode('P1'), unitCode('P2')]], WHEN);
    await story.ok(callers.warehouse, 'Units:CommissionUnits', ['L2', [unitCode('Q1')]], WHEN);
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:PackCase', ['L1', { caseCode: sscc(1), units: [unitCode('P1'), unitCode('Q1')] }], WHEN),
      'CONFLICT: unit',
    );
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:PackCase', ['L1', { caseCode: '006912340000000010', units: [unitCode('P1')] }], WHEN),
      'VALIDATION: case.caseCode: must be an SSCC',
    );
    await story.ok(callers.warehouse, 'Units:PackCase', ['L1', { caseCode: sscc(1), units: [unitCode('P1')] }], WHEN);
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:PackCase', ['L1', { caseCode: sscc(2), units: [unitCode('P1')] }], WHEN),
      'CONFLICT: unit',
    );
  });

  it("stops serialising a recalled lot, and pages through a lot's units", async () => {
    const { story } = await lotInProcess();
    await story.ok(callers.warehouse, 'Units:CommissionUnits', ['L1', ['a', 'b', 'c', 'd', 'e'].map(unitCode)], WHEN);
    const first = await story.ok(callers.inspector, 'Units:ListUnitsOfLot', ['L1', '3', ''], WHEN);
    expect(first.units).to.have.length(3);
    const second = await story.ok(callers.inspector, 'Units:ListUnitsOfLot', ['L1', '3', first.bookmark], WHEN);
    expect(second.units).to.have.length(2);
    expect(second.bookmark).to.equal('');
    await story.qaRelease('L1', WHEN);
    await story.ok(callers.qp, 'Lot:RecallLot', ['L1', { reason: 'recall' }], WHEN);
    expectRefused(
      await story.invoke(callers.warehouse, 'Units:CommissionUnits', ['L1', [unitCode('z')]], WHEN),
      'CONFLICT: lot L1 is recalled',
    );
  });
});
