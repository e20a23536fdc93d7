import { expect } from 'chai';
import { callers, expectRefused } from './fixtures';
import { signRecord } from './pki';
import { GENESIS_DIGEST, stepDigest } from '../src/lot/batch-record';
import { LOT_STEPS, lotAllows } from '../src/lot/life-cycle';
import { LOT_STATUSES } from '../src/lot/lot';
import { at, LOT_PRODUCT, LOT_QC, Story, T0 } from './story';

const WHEN = at(T0, 100);

/** A story with one closed pool of three released donations whose NAT passed. */
async function withPool(): Promise<{ story: Story; poolDin: string; dins: string[] }> {
  const story = await Story.begin();
  const dins = await story.releasedDonations(3);
  return { story, dins, poolDin: await story.closedPool(dins, at(T0, 95)) };
}

async function qaSignatures(story: Story, lotId: string, reviewer = callers.factoryQa, qp = callers.qp) {
  const { digest } = await story.ok(callers.qp, 'Lot:GetReleaseRecord', [lotId, 'qa'], WHEN);
  return [signRecord(reviewer, digest, 'qa-review', WHEN), signRecord(qp, digest, 'qp-release', WHEN)];
}

describe('Lot', () => {
  it('has one life cycle: a recall ends it, only a released lot ships, and the batch record closes with the QA release', () => {
    const allowed = (status: (typeof LOT_STATUSES)[number]) => LOT_STEPS.filter((step) => lotAllows(step, status));
    expect(allowed('recalled')).to.deep.equal([]);
    expect(LOT_STATUSES.filter((status) => lotAllows('ship-cases', status))).to.deep.equal(['released']);
    expect(LOT_STATUSES.filter((status) => lotAllows('record-step', status))).to.deep.equal(['in-process']);
    expect(allowed('in-process')).to.not.include('regulator-release');
  });

  it('is made from closed pools whose NAT passed, and links pool → lot and lot → pool', async () => {
    const { story, poolDin } = await withPool();
    const lot = await story.ok(
      callers.production,
      'Lot:CreateLot',
      [{ lotId: 'ALB-2025-001', product: LOT_PRODUCT, pools: [poolDin] }],
      WHEN,
    );
    expect(lot).to.include({ status: 'in-process', factory: 'FactoryMSP', jurisdiction: 'CN', stepCount: 0, ebrDigest: GENESIS_DIGEST });
    const keys = [...story.ledger.state.keys()];
    expect(keys).to.include(`\u0000pool-lot\u0000${poolDin.slice(0, 13)}\u0000ALB-2025-001\u0000`);
    expect(keys).to.include(`\u0000lot-pool\u0000ALB-2025-001\u0000${poolDin.slice(0, 13)}\u0000`);
    expectRefused(
      await story.invoke(callers.production, 'Lot:CreateLot', [{ lotId: 'ALB-2025-001', product: LOT_PRODUCT, pools: [poolDin] }], WHEN),
      'CONFLICT: lot ALB-2025-001 is already recorded',
    );
    expectRefused(
      await story.invoke(
        callers.production,
        'Lot:CreateLot',
        [{ lotId: 'ALB-2025-002', product: { ...LOT_PRODUCT, gtin: '06912345678900' }, pools: [poolDin] }],
        WHEN,
      ),
      'VALIDATION: lot.product.gtin: must be a GTIN-14',
    );
  });

  it("chains the batch record's process steps by hash", async () => {
    const { story, poolDin } = await withPool();
    await story.ok(callers.production, 'Lot:CreateLot', [{ lotId: 'L1', product: LOT_PRODUCT, pools: [poolDin] }], WHEN);
    const input = (step: string) => ({ step, parameterDataHash: 'b'.repeat(64), equipment: 'T-7', start: at(WHEN, 0, -1), end: WHEN });
    const first = await story.ok(callers.production, 'Lot:RecordProcessStep', ['L1', input('cold ethanol fractionation')], WHEN);
    const second = await story.ok(callers.factoryQa, 'Lot:RecordProcessStep', ['L1', input('ultrafiltration')], WHEN);
    expect(first).to.include({ seq: 1, previousDigest: GENESIS_DIGEST, operator: 'production1' });
    expect(second).to.include({ seq: 2, previousDigest: first.digest, operator: 'qa1' });
    const { digest: _digest, lastChange: _stamp, ...content } = second;
    expect(stepDigest(content)).to.equal(second.digest);
    expect(await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN)).to.include({ stepCount: 2, ebrDigest: second.digest });
    expect(await story.ok(callers.inspector, 'Lot:ListProcessSteps', ['L1'], WHEN)).to.have.length(2);
  });

  describe('QA release', () => {
    it("needs the QA reviewer's and the QP's signatures over the release dossier, by two people", async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      const released = await story.qaRelease('L1', WHEN);
      expect(released.status).to.equal('qa-released');
      expect(
        released.qaRelease.signatures.map((s: { signerName: string; meaning: string }) => `${s.meaning}:${s.signerName}`),
      ).to.deep.equal(['qa-review:qa1', 'qp-release:qp1']);
    });

    it('refuses one person signing twice, and a signer without the role for the meaning', async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      const { digest } = await story.ok(callers.qp, 'Lot:GetReleaseRecord', ['L1', 'qa'], WHEN);
      const twice = [signRecord(callers.qp, digest, 'qa-review', WHEN), signRecord(callers.qp, digest, 'qp-release', WHEN)];
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', twice], WHEN),
        'VALIDATION: signatures: must come from two different people',
      );
      const wrongRole = await qaSignatures(story, 'L1', callers.factoryQa, callers.factoryQa2);
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', wrongRole], WHEN),
        'FORBIDDEN: a qp-release signature needs a signer with role qp; qa2 has factory-qa',
      );
      expectRefused(
        await story.invoke(callers.factoryQa, 'Lot:QaRelease', ['L1', await qaSignatures(story, 'L1')], WHEN),
        'FORBIDDEN: Lot:QaRelease requires role qp',
      );
    });

    it('needs every mandatory lot test passed', async () => {
      const { story, poolDin } = await withPool();
      await story.ok(callers.production, 'Lot:CreateLot', [{ lotId: 'L1', product: LOT_PRODUCT, pools: [poolDin] }], WHEN);
      await story.ok(
        callers.production,
        'Lot:RecordProcessStep',
        ['L1', { step: 's', parameterDataHash: 'c'.repeat(64), equipment: 'e', start: WHEN, end: WHEN }],
        WHEN,
      );
      for (const analyte of LOT_QC.slice(1)) await story.testResult('lot', 'L1', analyte, WHEN);
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', await qaSignatures(story, 'L1')], WHEN),
        'CONFLICT: lot L1 has not passed the CN mandatory lot tests: no valid result for assay',
      );
    });

    it('refuses while a deviation is open, and accepts once it is closed with its CAPA', async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      await story.ok(
        callers.production,
        'Lot:RaiseDeviation',
        ['L1', { deviationId: 'DEV-7', description: 'filter integrity test repeated', classification: 'minor' }],
        WHEN,
      );
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', await qaSignatures(story, 'L1')], WHEN),
        'CONFLICT: lot L1 has open deviations DEV-7',
      );
      const capa = { rootCause: 'wetting incomplete', correctiveAction: 're-wet and retest', preventiveAction: 'SOP updated' };
      const closed = await story.ok(callers.factoryQa, 'Lot:CloseDeviation', ['L1', 'DEV-7', capa], WHEN);
      expect(closed).to.include({ status: 'closed' });
      expect(closed.capa).to.include(capa);
      expect((await story.qaRelease('L1', WHEN)).status).to.equal('qa-released');
    });

    it('refuses a signature made before the dossier changed: it is bound to the record as signed', async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      const signatures = await qaSignatures(story, 'L1');
      await story.testResult('lot', 'L1', 'appearance', WHEN);
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', signatures], WHEN),
        'VALIDATION: signatures[0].recordDigest: is not the digest of lot-qa-release L1',
      );
    });

    it('puts a lot with an OOS result on hold until the investigation invalidates it', async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      const oos = await story.testResult('lot', 'L1', 'endotoxin', WHEN, 'fail');
      expect(oos.investigation).to.deep.equal({ status: 'open' });
      const held = await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN);
      expect(held.holds).to.deep.equal([
        { kind: 'oos', ref: oos.resultId, reason: 'out of specification: endotoxin does not conform', since: WHEN, placedBy: 'FactoryMSP' },
      ]);
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', await qaSignatures(story, 'L1')], WHEN),
        'CONFLICT: lot L1 is on hold (oos',
      );
      expectRefused(
        await story.invoke(callers.factoryQa, 'Lot:ReleaseHold', ['L1', oos.resultId, { reason: 'x' }], WHEN),
        'CONFLICT: hold',
      );
      await story.ok(
        callers.factoryQa,
        'TestResult:CloseOosInvestigation',
        [oos.resultId, { outcome: 'invalidated', rootCause: 'sample contaminated in the lab', capa: 'retrain' }],
        WHEN,
      );
      expect((await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN)).holds).to.deep.equal([]);
      expect((await story.qaRelease('L1', WHEN)).status).to.equal('qa-released');
    });

    it('keeps a confirmed OOS failing: the lot cannot be released', async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      const oos = await story.testResult('lot', 'L1', 'sterility', WHEN, 'fail');
      await story.ok(
        callers.factoryQa,
        'TestResult:CloseOosInvestigation',
        [oos.resultId, { outcome: 'confirmed', rootCause: 'growth in 2 of 20 containers', capa: 'lot rejected' }],
        WHEN,
      );
      expect((await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN)).holds).to.have.length(1);
      expectRefused(
        await story.invoke(
          callers.factoryQa,
          'TestResult:CloseOosInvestigation',
          [oos.resultId, { outcome: 'invalidated', rootCause: 'r', capa: 'c' }],
          WHEN,
        ),
        `CONFLICT: test result ${oos.resultId} has no open OOS investigation`,
      );
    });
  });

  describe('regulator release, holds and recall', () => {
    it("needs the QA release first, then the regulator's signature", async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:RegulatorRelease', ['L1', '{}'], WHEN),
        'CONFLICT: lot L1 is in-process; regulator-release needs it qa-released (the regulator releases after the QA release)',
      );
      await story.qaRelease('L1', WHEN);
      const { record, digest } = await story.ok(callers.regulator, 'Lot:GetReleaseRecord', ['L1', 'regulator'], WHEN);
      expect(record.content.qaSignatures).to.have.length(2);
      const byInspector = signRecord(callers.inspector, digest, 'regulator-lot-release', WHEN);
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:RegulatorRelease', ['L1', byInspector], WHEN),
        'FORBIDDEN: a regulator-lot-release signature needs a signer with role regulator',
      );
      const released = await story.regulatorRelease('L1', WHEN);
      expect(released).to.include({ status: 'released' });
      expect(released.regulatorRelease.signature).to.include({ signerName: 'regulator1', mspId: 'RegulatorMSP' });
      // Released: no release record is given to sign again, for either stage.
      expectRefused(
        await story.invoke(callers.factoryQa, 'Lot:GetReleaseRecord', ['L1', 'qa'], WHEN),
        'CONFLICT: lot L1 is released; qa-release needs it in-process',
      );
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:GetReleaseRecord', ['L1', 'regulator'], WHEN),
        'CONFLICT: lot L1 is released; regulator-release needs it qa-released',
      );
    });

    it("refuses to reuse the regulator's signature of one lot on another", async () => {
      const { story, poolDin } = await withPool();
      await story.lotReadyForRelease('L1', [poolDin], WHEN);
      await story.lotReadyForRelease('L2', [poolDin], WHEN);
      await story.qaRelease('L1', WHEN);
      await story.qaRelease('L2', WHEN);
      const { digest } = await story.ok(callers.regulator, 'Lot:GetReleaseRecord', ['L1', 'regulator'], WHEN);
      const signature = signRecord(callers.regulator, digest, 'regulator-lot-release', WHEN);
      await story.ok(callers.regulator, 'Lot:RegulatorRelease', ['L1', signature], WHEN);
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:RegulatorRelease', ['L2', signature], WHEN),
        'VALIDATION: signature.recordDigest: is not the digest of lot-regulator-release L2',
      );
    });

    it('places and lifts quality holds, and recalls a released lot', async () => {
      const { story, poolDin } = await withPool();
      await story.releasedLot('L1', [poolDin], WHEN);
      const held = await story.ok(callers.regulator, 'Lot:PlaceOnHold', ['L1', { reason: 'complaint: particles' }], WHEN);
      const [hold] = held.holds;
      expect(hold).to.include({ kind: 'quality', reason: 'complaint: particles' });
      expect(held.lastChange).to.include({ reason: 'complaint: particles', transaction: 'Lot:PlaceOnHold' });
      // The regulator's hold is the regulator's to lift, not the factory's.
      expectRefused(
        await story.invoke(callers.qp, 'Lot:ReleaseHold', ['L1', hold.ref, { reason: 'we disagree' }], WHEN),
        'FORBIDDEN: hold',
      );
      const lifted = await story.ok(callers.regulator, 'Lot:ReleaseHold', ['L1', hold.ref, { reason: 'complaint unfounded' }], WHEN);
      expect(lifted.holds).to.deep.equal([]);
      const recalled = await story.ok(callers.qp, 'Lot:RecallLot', ['L1', { reason: 'stability failure' }], WHEN);
      expect(recalled).to.include({ status: 'recalled' });
      expectRefused(await story.invoke(callers.collectorA, 'Lot:PlaceOnHold', ['L1', JSON.stringify({ reason: 'x' })], WHEN), 'FORBIDDEN');
    });
  });
});
