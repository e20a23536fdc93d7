// The explorer's lineage in Chromium: a vial searched by its scanned GS1 DataMatrix, its lineage back to thousands of
// bags collapsed into one group that opens by station, and the lot's release dossier, whose source plasma a station
// reads in part. Over a scratch projection (see support/scratch-projection.ts): the live network has no pool, lot or
// vial yet.
import { expect } from 'chai';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { scratchProjection, type ScratchProjection } from './support/scratch-projection';

describe('explorer lineage in Chromium', function () {
  let projection: ScratchProjection;
  let explorer: ExplorerSession;

  before(async function () {
    projection = await scratchProjection(3000, 40);
    explorer = await openExplorer(projection);
  });
  after(async function () {
    await explorer?.close();
    await projection?.drop();
  });

  it('searches a scanned vial and opens its lineage, 3,000 bags collapsed into one group', async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    const vial = projection.vials[6]!;
    const [, gtin, serial] = /^\(01\)(\d{14})\(21\)(.+)$/.exec(vial)!;
    // As a scanner types a DataMatrix: symbology identifier, AIs, GS before the variable-length serial.
    const scanned = `]d201${gtin}17280630\u001d21${serial}`;
    const box = page.getByRole('search').first().getByRole('searchbox');
    await box.fill(scanned);
    await box.press('Enter');
    await page.waitForURL(`**/vials/${encodeURIComponent(vial)}`);
    expect(await page.locator('.page-header .badge').innerText()).to.equal('commissioned');
    expect(await page.locator('.page-header').innerText()).to.contain(projection.lotId);

    await page.getByRole('link', { name: 'Lineage' }).click();
    await page.getByTestId('lineage-graph').locator('.react-flow__node').first().waitFor();
    expect(await page.getByTestId('lineage-summary').innerText())
      .to.contain(`Lot ${projection.lotId}`)
      .and.to.contain('3,000 donations');
    const group = page.getByTestId('lineage-group');
    expect(await group.count()).to.equal(1);
    expect(await group.innerText()).to.contain('3,000');
    expect(await page.getByTestId('lineage-vial').innerText()).to.contain(serial);
    expect(await page.getByTestId('lineage-pool').innerText()).to.contain(projection.poolDin);
    await page.close();
  });

  it('opens the group of bags by station, then one station by month', async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/lineage/lot/${projection.lotId}`);
    await page.getByTestId('lineage-group').first().click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="lineage-group"]').length === 3);
    const stations = await page.getByTestId('lineage-group').allInnerTexts();
    expect(stations.join('\n')).to.contain('StationAMSP').and.to.contain('StationBMSP');
    await page.getByTestId('lineage-group').filter({ hasText: 'StationAMSP' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="lineage-group"]')].some((g) => /2026-06/.test(g.textContent ?? '')),
    );
    await page.close();
  });

  it('draws a pool from its page back to its 3,000 bags and on to the lots made from it, with their vials', async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/pools/${projection.poolDin}`);
    await page.getByRole('link', { name: 'Lineage' }).click();
    await page.getByTestId('lineage-graph').locator('.react-flow__node').first().waitFor();
    // The scratch story makes more than one in-process lot of the large pool; the test's own lot has the vials.
    expect(await page.getByTestId('lineage-summary').innerText()).to.match(/^From 3,000 donations, into [2-9] lots and 40 vials\./);
    expect(await page.getByTestId('lineage-pool').innerText()).to.contain(projection.poolDin);
    expect((await page.getByTestId('lineage-lot').allInnerTexts()).join('\n')).to.contain(projection.lotId);
    expect(await page.getByTestId('lineage-group').first().innerText()).to.contain('3,000');
    await page.close();
  });

  it("shows a lot's release dossier with its source plasma, and offers a QP to hold it but an inspector nothing", async function () {
    const qp = await explorer.signIn('Factory', 'qp1');
    await qp.goto(`/lots/${projection.lotId}/release`);
    const sources = await qp.getByTestId('source-plasma').innerText();
    expect(sources).to.contain(projection.poolDin).and.to.contain('3,000').and.to.contain('StationAMSP');
    await qp.getByTestId('lot-actions').getByRole('button', { name: 'Place on hold' }).waitFor();
    expect(await qp.getByTestId('source-plasma-partial').count(), 'every bag was shipped to the factory').to.equal(0);
    await qp.close();

    const inspector = await explorer.signIn('Regulator', 'inspector1');
    await inspector.goto(`/lots/${projection.lotId}/release`);
    await inspector.getByText('Human albumin 20 % 50 mL').waitFor();
    expect(await inspector.getByTestId('lot-actions').count()).to.equal(0);
    expect(await inspector.getByTestId('release-steps').getByRole('button').count()).to.equal(0);
    await inspector.close();
  });

  it("shows a station's people the lot's whole counts and, under them, their own station's bags only (read scopes)", async function () {
    const page = await explorer.signIn('StationB', 'stationqa1');
    await page.goto(`/lots/${projection.lotId}/release`);
    const sources = await page.getByTestId('source-plasma').innerText();
    expect(sources).to.contain('3,000, 1,500 read here').and.to.contain('1,500 StationBMSP').and.not.to.contain('StationAMSP');
    expect(await page.getByTestId('source-plasma-partial').innerText()).to.contain('reads some of these bags only');
    await page.close();
  });

  it('asks a QA reviewer for their password again to sign the QA review, and refuses a wrong one', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/lots/${projection.lotId}/release`);
    const steps = page.getByTestId('release-steps');
    await steps.getByRole('button', { name: 'Sign the QA review' }).click();
    // Only the QA review is the QA reviewer's to sign.
    expect(await steps.getByRole('button').count()).to.equal(1);
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText())
      .to.contain('Reviewed and approved by quality assurance')
      .and.to.contain(projection.lotId);
    await dialog.getByLabel('Enter your password again to sign').fill('not my password');
    await dialog.getByRole('button', { name: 'Sign' }).click();
    expect(await dialog.getByRole('alert').innerText()).to.contain('password does not match');
    await page.close();
  });
});
