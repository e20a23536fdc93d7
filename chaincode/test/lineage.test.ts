import { expect } from 'chai';
import { callers, expectRefused } from './fixtures';
import { chunkRoot } from '../src/ledger/merkle';
import { at, Story, T0 } from './story';

const WHEN = at(T0, 110);

async function shippedLot() {
  const story = await Story.begin();
  const dins = await story.releasedDonations(9);
  const poolDin = await story.closedPool(dins, at(T0, 95), 4);
  await story.releasedLot('L1', [poolDin], at(T0, 100));
  const caseCode = await story.packedCase('L1', 3, at(T0, 101));
  await story.ok(callers.warehouse, 'Units:ShipCases', [{ shipmentId: 'OUT-1', destination: 'DC Pudong', cases: [caseCode] }], at(T0, 102));
  return { story, dins, poolDin, caseCode };
}

describe('Lineage', () => {
  it("gives a lot's full upstream: pools, their chunks of DINs and the roots committing to them", async () => {
    const { story, dins, poolDin } = await shippedLot();
    const upstream = await story.ok(callers.inspector, 'Lineage:GetLotUpstream', ['L1'], WHEN);
    expect(upstream.donationCount).to.equal(9);
    const [pool] = upstream.pools;
    expect(pool.poolDin).to.equal(poolDin.slice(0, 13));
    expect(pool.chunks.map((c: { dins: string[] }) => c.dins.length)).to.deep.equal([4, 4, 1]);
    expect(pool.chunks.flatMap((c: { dins: string[] }) => c.dins).sort()).to.deep.equal(dins.map((d) => d.slice(0, 13)).sort());
    for (const chunk of pool.chunks) expect(chunkRoot(chunk.dins)).to.equal(chunk.root);
  });

  it("gives a donation's downstream: pool → lots → cases and where they went", async () => {
    const { story, dins, poolDin, caseCode } = await shippedLot();
    const downstream = await story.ok(callers.inspector, 'Lineage:GetDonationDownstream', [dins[5]], WHEN);
    expect(downstream.donation).to.include({ status: 'pooled', custodian: 'FactoryMSP' });
    expect(downstream.pools).to.have.length(1);
    expect(downstream.pools[0]).to.include({ poolDin: poolDin.slice(0, 13), chunk: 1, status: 'closed' });
    const [lot] = downstream.pools[0].lots;
    expect(lot).to.include({ lotId: 'L1', status: 'released', unitCount: 3 });
    expect(lot.cases).to.deep.equal([
      { caseCode, count: 3, status: 'shipped', shipment: { shipmentId: 'OUT-1', destination: 'DC Pudong', shippedAt: at(T0, 102) } },
    ]);
  });

  it('keeps the audit trail of a donation: who, what, when, old value, new value, reason', async () => {
    const { story, dins } = await shippedLot();
    const trail = await story.ok(callers.inspector, 'Lineage:GetAuditTrail', ['donation', dins[0]], WHEN);
    expect(trail.map((entry: { what: string }) => entry.what)).to.deep.equal([
      'Donation:RecordDonation',
      'Donation:RecordScreening',
      'Donation:RecordStorage',
      'Shipment:DispatchShipment',
      'Shipment:ReceiveShipment',
      'Donation:QuarantineDonations',
      'Donation:ReleaseDonations',
      'Pool:AddToPool',
    ]);
    const screening = trail[1];
    expect(screening.who).to.deep.equal({ mspId: 'StationAMSP', name: 'stationqa1', role: 'station-qa' });
    expect(screening.when).to.equal(at(T0, 0, 2));
    expect(screening.changes.find((c: { field: string }) => c.field === 'status')).to.deep.equal({
      field: 'status',
      old: 'collected',
      new: 'screened',
    });
    const pooled = trail[7];
    expect(pooled.changes.map((c: { field: string }) => c.field)).to.deep.equal(['poolDin', 'status']);
    expect(trail[0].changes.find((c: { field: string }) => c.field === 'din')).to.include({ old: null });
  });

  it('records the reason of a change in the trail, for any kind of object', async () => {
    const { story } = await shippedLot();
    await story.ok(callers.regulator, 'Lot:PlaceOnHold', ['L1', { reason: 'market complaint 2025-117' }], WHEN);
    const trail = await story.ok(callers.inspector, 'Lineage:GetAuditTrail', ['lot', 'L1'], WHEN);
    const last = trail[trail.length - 1];
    expect(last).to.deep.include({
      what: 'Lot:PlaceOnHold',
      reason: 'market complaint 2025-117',
      who: { mspId: 'RegulatorMSP', name: 'regulator1', role: 'regulator' },
    });
    expect(last.changes.map((c: { field: string }) => c.field)).to.deep.equal(['holds']);
    const ruleSet = await story.ok(callers.inspector, 'Lineage:GetAuditTrail', ['rule-set', 'CN'], WHEN);
    expect(ruleSet[0]).to.include({ what: 'RuleSet:SeedDefaultRuleSets' });
  });

  it('refuses an unknown object type and answers NOT_FOUND for an object without history', async () => {
    const { story } = await shippedLot();
    expectRefused(
      await story.invoke(callers.inspector, 'Lineage:GetAuditTrail', ['vial', 'x'], WHEN),
      'VALIDATION: objectType: must be one of',
    );
    expectRefused(
      await story.invoke(callers.inspector, 'Lineage:GetAuditTrail', ['lot', 'NOPE'], WHEN),
      'NOT_FOUND: lot NOPE has no history',
    );
  });
});
