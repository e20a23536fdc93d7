// Correcting a mistyped collection item in Chromium against the running network (issue 14, EU GMP Annex 11 §9): the
// collector proposes the right volume on the donation's page, station QA applies it there, and the page shows the
// value recorded and the one corrected, who proposed and who applied.
import { expect } from 'chai';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { collectedBag } from './support/station-bags';

describe('explorer donation corrections in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  let din: string;

  before(async function () {
    explorer = await openExplorer();
    din = await collectedBag(explorer);
  });
  after(async function () {
    await explorer?.close();
  });

  it('lets the collector propose the right volume, which changes nothing until QA applies it', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.goto(`/donations/${din}`);
    await page.getByText('None: every collection item stands as recorded.').waitFor({ timeout: 60_000 });
    await page.getByLabel('Item to correct').selectOption('volumeMl');
    await page.getByLabel('Right value').fill('570');
    await page.getByLabel('Why').fill('the scale read 570 mL');
    await page.getByRole('button', { name: 'Propose correction' }).click();
    const corrections = page.getByTestId('corrections');
    await corrections.waitFor({ timeout: 60_000 });
    expect(await corrections.innerText())
      .to.contain('580 → 570')
      .and.to.contain('the scale read 570 mL')
      .and.to.contain('waiting for QA');
    // The collector is not offered to apply it.
    expect(await page.getByRole('button', { name: 'Apply correction' }).count()).to.equal(0);
    expect(await page.getByText('580 mL').count()).to.be.greaterThan(0);
    await page.close();
  });

  it('lets station QA apply it, and the page shows the corrected volume beside the one recorded', async function () {
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.goto(`/donations/${din}`);
    await page.getByRole('button', { name: 'Apply correction' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="corrections"]')?.textContent?.includes('applied by stationqa1') === true,
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.getByText('570 mL').count()).to.be.greaterThan(0);
    expect(await page.getByTestId('corrections').innerText()).to.contain('580 → 570');
    await page.close();
  });
});
