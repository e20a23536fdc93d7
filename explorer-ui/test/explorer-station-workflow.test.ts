// A bag's life at the station in Chromium against the running network (issue 14, every workflow in the explorer): on
// the bag's page, station QA records its screening, every mandatory test of the station's jurisdiction with its
// result, and the collector then stores it frozen; the collector is not offered the screening, and a temperature above
// the rule set's storage limit is refused naming the field, with nothing recorded. Then a temperature excursion puts
// the stored bag on hold, and station QA (not the collector) resolves the hold with a reason.
import { expect } from 'chai';
import { DEFAULT_RULES } from '@plasma/chaincode';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { collectedBag } from './support/station-bags';

describe('explorer screening, storage and temperature holds at the station in Chromium', function () {
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

  it("offers the collector no screening: it is station QA's", async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.goto(`/donations/${din}`);
    await page.getByText('Corrections').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('screening-form').count()).to.equal(0);
    await page.close();
  });

  it('lets station QA record every mandatory test of the jurisdiction, and the bag is screened negative', async function () {
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.goto(`/donations/${din}`);
    const form = page.getByTestId('screening-form');
    await form.waitFor({ timeout: 60_000 });
    const mandatory = DEFAULT_RULES.CN!.mandatoryTests.donation;
    const rows = await page.getByTestId('screening-tests').locator('tbody tr td:first-child').allInnerTexts();
    expect(rows).to.deep.equal([...mandatory]);
    await page.getByLabel('Laboratory').fill('StationA laboratory');
    for (const analyte of mandatory) {
      await page.getByLabel(`${analyte} method`).fill('ELISA');
      await page.getByLabel(`${analyte} result`).fill('non-reactive');
      await page.getByLabel(`${analyte} instrument`).fill('STAR-7');
    }
    await page.getByRole('button', { name: 'Record screening' }).click();
    await page.getByTestId('storage-form').waitFor({ timeout: 60_000 });
    expect(await page.getByText(`negative (${mandatory.join(', ')})`).count()).to.be.greaterThan(0);
    await page.close();
  });

  it('lets the collector store it frozen, refusing a temperature above the storage limit by its field first', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.goto(`/donations/${din}`);
    await page.getByTestId('storage-form').waitFor({ timeout: 60_000 });
    await page.getByLabel('Freezer').fill('freezer F7');
    await page.getByLabel('Temperature (°C)').fill('-5');
    await page.getByRole('button', { name: 'Store frozen' }).click();
    const problem = page.locator('#storage-temperature-problem');
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.innerText()).to.match(/storage limit|-25|-30/);

    await page.getByLabel('Temperature (°C)').fill('-32');
    await page.getByRole('button', { name: 'Store frozen' }).click();
    await page.getByText('freezer F7 at -32 °C').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('storage-form').count()).to.equal(0);
    await page.close();
  });

  it('lets the collector report a temperature excursion, which puts the bag on hold, and offers QA alone to resolve it', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.goto(`/donations/${din}`);
    await page.getByText('Report a temperature excursion').click();
    await page.getByLabel('Warmest (°C)').fill('-15');
    await page.getByLabel('For (hours)').fill('2');
    await page.getByLabel('Where').fill('freezer F7 door left open');
    await page.getByRole('button', { name: 'Put on hold' }).click();
    await page.getByText('temperature hold since').first().waitFor({ timeout: 60_000 });
    expect(await page.getByText('-15 °C for 2 h at freezer F7 door left open').count()).to.be.greaterThan(0);
    expect(await page.getByTestId('resolve-hold').count(), 'the collector does not resolve holds').to.equal(0);
    await page.close();
  });

  it('lets station QA resolve the hold with a reason, within the allowance, and the bag is stored again', async function () {
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.goto(`/donations/${din}`);
    const resolve = page.getByTestId('resolve-hold');
    await resolve.waitFor({ timeout: 60_000 });
    expect(await resolve.innerText()).to.contain('since it was stored');
    await resolve.getByRole('button', { name: 'Resolve hold' }).click();
    await resolve.getByRole('textbox').fill('door closed within 2 h; -15 °C is within the allowance');
    await resolve.getByRole('button', { name: 'Resolve hold' }).last().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="resolve-hold"]') === null, undefined, { timeout: 60_000 });
    expect(await page.getByText('freezer F7 at -32 °C').count()).to.be.greaterThan(0);
    expect(await page.getByText('Report a temperature excursion').count(), 'kept frozen again').to.equal(1);
    await page.close();
  });
});
