// Lot release and look-back in Chromium, over a scratch projection (support/scratch-projection.ts and
// support/scratch-release-story.ts): the lots waiting for each release signature, a release dossier's pool NAT, batch
// record with its hash chain checked, deviations with CAPA, QC results with an OOS investigation, a dossier whose
// batch record was altered after it was chained, and a look-back report saying where the vials went, on screen and
// on paper.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { scratchProjection, type ScratchProjection } from './support/scratch-projection';
import { LOT_QC, POOL_NAT } from './support/scratch-release-story';

describe('explorer lot release and look-back in Chromium', function () {
  let projection: ScratchProjection;
  let explorer: ExplorerSession;

  before(async function () {
    projection = await scratchProjection(600, 12);
    explorer = await openExplorer(projection);
  });
  after(async function () {
    await explorer?.close();
    await projection?.drop();
  });

  const dossier = async (lotId: string): Promise<Page> => {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/lots/${lotId}/release`);
    await page.getByText('Human albumin 20 % 50 mL').first().waitFor();
    return page;
  };

  it('lists the lots waiting for the QA review, the QP and the regulator, with what holds each back', async function () {
    const { story } = projection;
    const page = await explorer.signIn('Factory', 'qp1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Lot release' }).click();
    const review = page.getByTestId('waiting-qa-review');
    await review.getByTestId('lot-row').first().waitFor();
    expect(await review.getByTestId('lot-row').allInnerTexts()).to.have.length(1);
    expect(await review.innerText()).to.contain(story.inProcessLotId);
    // The altered lot's QA review is signed and waits in the gateway for the QP.
    const qp = await page.getByTestId('waiting-qp-release').innerText();
    expect(qp).to.contain(story.alteredLotId).and.to.contain('QA review signed by qa1');
    // Released and held by the look-back, the released lot waits for nothing and is not listed.
    expect(await page.getByTestId('waiting-regulator-lot-release').innerText()).to.contain('(0)');
    expect(await page.getByTestId('lots').allInnerTexts()).to.not.satisfy((texts: string[]) =>
      texts.some((t) => t.includes(story.releasedLotId)),
    );

    await page.getByLabel('Show').selectOption({ label: 'Released' });
    const released = page.getByTestId('lot-row');
    await released.filter({ hasText: story.releasedLotId }).waitFor();
    expect(await released.count()).to.equal(1);
    expect(await released.innerText())
      .to.contain('look-back hold')
      .and.to.contain(story.lookBackCaseId);
    await page.close();
  });

  it("shows the pools' NAT and the lot's QC against specification, with the OOS investigation that invalidated a result", async function () {
    const page = await dossier(projection.story.inProcessLotId);
    const nat = page.getByTestId('pool-nat').filter({ hasText: projection.poolDin });
    await nat.getByTestId('test-result').first().waitFor();
    expect(await nat.getByTestId('test-result').count()).to.equal(POOL_NAT.length);
    expect(await nat.innerText())
      .to.contain('HIV-RNA')
      .and.to.contain('not detected');
    expect(await nat.getByTestId('test-assessment').innerText())
      .to.contain('Every mandatory test passed')
      .and.to.contain('CN');

    const qc = page.getByTestId('lot-qc');
    await qc.getByTestId('test-result').first().waitFor();
    // Every mandatory QC test, and the endotoxin result the investigation found to be a laboratory error.
    expect(await qc.getByTestId('test-result').count()).to.equal(LOT_QC.length + 1);
    const oos = qc.getByTestId('test-result').filter({ hasText: '0.61 EU/mL' });
    expect(await oos.innerText())
      .to.contain('< 0.50 EU/mL')
      .and.to.contain('fail')
      .and.to.contain('OOS invalidated')
      .and.to.contain('contaminated LAL reagent lot R-2231');
    expect(await qc.getByTestId('test-assessment').innerText()).to.contain('Every mandatory test passed');
    await page.close();
  });

  it('shows the batch record step by step with each digest linked into the chain, and the deviation with its CAPA', async function () {
    const page = await dossier(projection.story.inProcessLotId);
    const steps = page.getByTestId('process-step');
    await steps.first().waitFor();
    expect(await steps.count()).to.equal(projection.story.steps.length);
    for (const [index, name] of projection.story.steps.entries()) {
      const row = await steps.nth(index).innerText();
      expect(row).to.contain(name).and.to.contain('links');
    }
    expect(await page.getByTestId('chain-verdict').innerText())
      .to.contain('chain intact')
      .and.to.contain('4 steps');
    // Each step's parameters, from the export stored off-chain under the hash the step carries.
    const parameters = steps.first().getByTestId('step-parameters');
    await parameters.waitFor();
    for (const [name, value] of Object.entries(projection.story.firstStepParameters)) {
      expect(await parameters.innerText())
        .to.contain(name)
        .and.to.contain(String(value));
    }
    const deviation = await page.getByTestId('deviation').innerText();
    expect(deviation)
      .to.contain('DEV-2611-01')
      .and.to.contain('closed')
      .and.to.contain('partly blocked prefilter')
      .and.to.contain('prefilter change interval shortened');
    await page.close();
  });

  it('shows the QP the process parameters the lot is certified against, and tells the warehouse its role does not read them', async function () {
    const qp = await explorer.signIn('Factory', 'qp1');
    await qp.goto(`/lots/${projection.story.inProcessLotId}/release`);
    await qp.getByTestId('process-step').first().getByTestId('step-parameters').waitFor();
    await qp.close();

    const warehouse = await explorer.signIn('Factory', 'warehouse1');
    await warehouse.goto(`/lots/${projection.story.inProcessLotId}/release`);
    await warehouse.getByTestId('process-step').first().getByText('Your role does not read process data.').waitFor();
    expect(await warehouse.getByTestId('step-parameters').count()).to.equal(0);
    await warehouse.close();
  });

  it('says where the batch record of a lot altered after chaining breaks', async function () {
    const page = await dossier(projection.story.alteredLotId);
    const verdict = page.getByTestId('chain-verdict');
    await verdict.waitFor();
    expect(await verdict.innerText())
      .to.contain('chain broken')
      .and.to.contain('step 2 does not match its digest');
    const steps = page.getByTestId('process-step');
    expect(await steps.nth(1).innerText())
      .to.contain('broken')
      .and.to.contain('content does not match its digest');
    expect(await steps.nth(0).innerText()).to.contain('links');
    await page.close();
  });

  it('shows a QA review signature that waits in the gateway for the QP in the dossier, signed in another session', async function () {
    const page = await dossier(projection.story.alteredLotId);
    const waiting = page.getByTestId('release-step-qa-review').getByTestId('signature-waiting');
    await waiting.waitFor();
    expect(await waiting.innerText())
      .to.contain('signed by qa1, waiting for the QP')
      .and.to.contain('26 Oct 2026');
    // Signed already: the QA reviewer is not offered to sign it again.
    expect(await page.getByRole('button', { name: 'Sign the QA review' }).count()).to.equal(0);
    await page.close();
  });

  it("lists the excursions of the lot's time in its dossier", async function () {
    const page = await dossier(projection.story.inProcessLotId);
    const coldChain = page.getByTestId('lot-cold-chain');
    await coldChain.waitFor();
    // The scratch projection holds no cold-chain reading, so nothing was judged an excursion.
    await coldChain.getByText('No temperature excursion').waitFor();
    // The devices of both stations that collected the bags and of the factory, from the first collection on.
    const text = await coldChain.innerText();
    expect(text)
      .to.contain('Devices of FactoryMSP, StationAMSP, StationBMSP')
      .and.to.contain('G1001-FRZ-01')
      .and.to.contain('G2001-SKID-01');
    expect(text).to.contain("from the first collection of the lot's plasma, 1 Jun 2026");
    await page.close();
  });

  it('prints a look-back report with where the vials went: each consignee, each case and each shipment', async function () {
    const { story } = projection;
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/look-backs/${story.lookBackCaseId}`);
    const went = page.getByTestId('where-vials-went');
    await went.getByTestId('consignee').first().waitFor();
    const consignees = await went.getByTestId('consignee').allInnerTexts();
    expect(consignees).to.have.length(story.consignees.length);
    story.consignees.forEach((name, i) => expect(consignees.join('\n')).to.contain(name, `consignee ${i}`));
    const lot = went.getByTestId('lot-distribution').filter({ hasText: story.releasedLotId });
    const { total, shipped, packedAtFactory, unpacked } = story.releasedVials;
    expect(await lot.getByTestId('lot-distribution-summary').innerText()).to.equal(
      `${total} vials: ${shipped} shipped, ${packedAtFactory} packed at the factory, ${unpacked} not packed (at the factory).`,
    );
    const cases = lot.getByTestId('shipped-case');
    expect(await cases.count()).to.equal(3);
    expect(await cases.filter({ hasText: 'OUT-2611-001' }).innerText()).to.contain(story.consignees[0]!);
    expect(await cases.filter({ hasNotText: 'OUT-2611' }).innerText()).to.contain('at the factory');

    // On paper: the report keeps its findings and loses the screen's frame.
    await page.emulateMedia({ media: 'print' });
    expect(await went.isVisible()).to.equal(true);
    expect(await page.getByRole('button', { name: 'Print report' }).isVisible()).to.equal(false);
    expect(await page.getByRole('navigation', { name: 'Sections' }).isVisible()).to.equal(false);
    await page.close();
  });
});
