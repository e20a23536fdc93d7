import { expect } from 'chai';
import { callers, dinOf, expectRefused, parsed } from './fixtures';
import { chunkRoot, rootOf } from '../src/ledger/merkle';
import { verifyMembershipProof } from '../src/pool/membership';
import { at, POOL_NAT, Story, T0 } from './story';

const WHEN = at(T0, 95);

describe('Pool', () => {
  it('takes released donations in chunks, links both directions, and closes with count, volume and Merkle root', async () => {
    const story = await Story.begin();
    const dins = await story.releasedDonations(7);
    const poolDin = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], WHEN);
    const first = await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, dins.slice(0, 4)], WHEN);
    expect(parsed(first)).to.include({ chunk: 0, added: 4, count: 4, volumeMl: 2400 });
    // The event lists the pool and every donation it changed.
    expect(JSON.parse(Buffer.from(first.event!.payload).toString()).objects).to.have.length(5);
    await story.ok(callers.warehouse, 'Pool:AddToPool', [poolDin, dins.slice(4)], WHEN);
    const closed = await story.ok(callers.warehouse, 'Pool:ClosePool', [poolDin], WHEN);
    const keys = dins.map((din) => din.slice(0, 13));
    const roots = [chunkRoot([...keys.slice(0, 4)].sort()), chunkRoot([...keys.slice(4)].sort())];
    expect(closed).to.include({ status: 'closed', count: 7, volumeMl: 4200, merkleRoot: rootOf(roots) });
    expect(closed.chunkRoots).to.deep.equal(roots);
    expect(await story.donation(dins[5]!)).to.include({ status: 'pooled', poolDin: poolDin.slice(0, 13) });
    const keyList = [...story.ledger.state.keys()];
    expect(keyList.filter((key) => key.startsWith('\u0000pool-member\u0000'))).to.have.length(7);
    expect(keyList.filter((key) => key.startsWith('\u0000donation-pool\u0000'))).to.have.length(7);
  });

  it("proves a donation's membership from one chunk, verifiable against the pool's root", async () => {
    const story = await Story.begin();
    const dins = await story.releasedDonations(9);
    const poolDin = await story.closedPool(dins, WHEN, 4);
    const proof = await story.ok(callers.inspector, 'Pool:GetMembershipProof', [poolDin, dins[6]], WHEN);
    expect(proof).to.include({ chunk: 1 });
    expect(verifyMembershipProof(proof)).to.equal(true);
    expect(verifyMembershipProof({ ...proof, din: dins[0]!.slice(0, 13) })).to.equal(false);
    const pool = await story.ok(callers.inspector, 'Pool:GetPool', [poolDin], WHEN);
    expect(proof.poolRoot).to.equal(pool.merkleRoot);
  });

  it('pools only released donations', async () => {
    const story = await Story.begin();
    const { dins } = await story.quarantinedDonations(2);
    const poolDin = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], WHEN);
    expectRefused(
      await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, dins], WHEN),
      `CONFLICT: donation ${dins[0]!.slice(0, 13)} is quarantined; pool needs it released`,
    );
    await story.release(dins, at(T0, 91));
    await story.ok(callers.warehouse, 'Pool:AddToPool', [poolDin, dins], WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, dins], WHEN), 'CONFLICT: donation');
  });

  it("takes plasma released under the pool's jurisdiction only", async () => {
    const story = await Story.begin();
    const qseal = await story.releasedDonations(1, T0, 'B');
    const poolDin = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, qseal], WHEN), 'CONFLICT: donation');
    const qsealPool = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin: qsealPool, jurisdiction: 'QSEAL' }], WHEN);
    await story.ok(callers.warehouse, 'Pool:AddToPool', [qsealPool, qseal], WHEN);
  });

  it('refuses a pool DIN of another facility, a closed pool, an empty close and more than 500 DINs at once', async () => {
    const story = await Story.begin();
    expectRefused(
      await story.invoke(callers.warehouse, 'Pool:CreatePool', [{ poolDin: dinOf('G1001', 5) }], WHEN),
      'FORBIDDEN: the facility G1001',
    );
    const poolDin = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Pool:ClosePool', [poolDin], WHEN), 'CONFLICT: pool');
    const many = Array.from({ length: 501 }, (_, index) => dinOf('G1001', index + 1));
    expectRefused(
      await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, many], WHEN),
      'VALIDATION: dins: must hold 1 to 500 items',
    );
    const dins = await story.releasedDonations(1);
    await story.ok(callers.warehouse, 'Pool:AddToPool', [poolDin, dins], WHEN);
    await story.ok(callers.warehouse, 'Pool:ClosePool', [poolDin], WHEN);
    expectRefused(await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, dins], WHEN), 'CONFLICT: pool');
    expectRefused(
      await story.invoke(callers.collectorA, 'Pool:CreatePool', [{ poolDin: story.nextPoolDin() }], WHEN),
      'FORBIDDEN: Pool:CreatePool requires role',
    );
  });

  it("gates a pool's use on its NAT: a lot needs every mandatory pool test passed", async () => {
    const story = await Story.begin();
    const dins = await story.releasedDonations(2);
    const poolDin = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], WHEN);
    await story.ok(callers.warehouse, 'Pool:AddToPool', [poolDin, dins], WHEN);
    await story.ok(callers.warehouse, 'Pool:ClosePool', [poolDin], WHEN);
    const lot = { lotId: 'ALB-001', product: { name: 'albumin', gtin: '00000000000000', expiry: '2028-01-31' }, pools: [poolDin] };
    for (const analyte of POOL_NAT.slice(0, 4)) await story.testResult('pool', poolDin, analyte, WHEN);
    expectRefused(
      await story.invoke(callers.production, 'Lot:CreateLot', [lot], WHEN),
      'CONFLICT: pool G200125900001 has not passed the CN pool tests: no valid result for HIV-RNA',
    );
    await story.testResult('pool', poolDin, 'HIV-RNA', WHEN, 'fail');
    expectRefused(
      await story.invoke(callers.production, 'Lot:CreateLot', [lot], WHEN),
      'CONFLICT: pool G200125900001 has not passed the CN pool tests: failing HIV-RNA',
    );
  });
});
