// No transaction needs to touch a whole pool: filling it costs per chunk, closing it reads the pool record alone,
// and a look-back step on a donation inside it reads one chunk. Measured as keys read per transaction.
import { expect } from 'chai';
import { callers } from './fixtures';
import { at, POOL_NAT, Story, T0 } from './story';

describe('scale: a pool of 300 donations in chunks of 50', function () {
  this.timeout(120_000);

  it('fills in chunks, closes reading only the pool, and a look-back step reads one chunk', async () => {
    const story = await Story.begin();
    const dins = await story.releasedDonations(300);
    const when = at(T0, 95);
    const poolDin = story.nextPoolDin();
    await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], when);
    const fills = [];
    for (let offset = 0; offset < dins.length; offset += 50) {
      fills.push(await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, dins.slice(offset, offset + 50)], when));
    }
    // Each chunk reads its own donations (and the rules once), whatever the pool holds already.
    expect(Math.max(...fills.map(({ reads }) => reads))).to.be.at.most(50 + 10);
    const close = await story.invoke(callers.warehouse, 'Pool:ClosePool', [poolDin], when);
    expect(JSON.parse(close.result!)).to.include({ count: 300, status: 'closed' });
    expect(close.reads).to.be.at.most(3);

    for (const analyte of POOL_NAT) await story.testResult('pool', poolDin, analyte, when);
    await story.releasedLot('L1', [poolDin], at(T0, 100));

    const { donorPseudonym } = await story.donation(dins[137]!);
    const open = await story.invoke(callers.regulator, 'LookBack:OpenLookBack', [donorPseudonym, 'seroconversion', {}], at(T0, 120));
    expect(JSON.parse(open.result!)).to.deep.include({ status: 'complete', counts: { donations: 2, pools: 1, lots: 1 } });
    // Two donations of the donor (one pooled, one follow-up), the pooled one's chunk of 50, pool, lot and bookkeeping.
    expect(open.reads).to.be.at.most(50 + 30);
    const found = await story.ok(callers.inspector, 'LookBack:GetLookBackCase', [JSON.parse(open.result!).caseId], at(T0, 120));
    expect(found.verified).to.equal(true);
  });
});
