// Donors in Chromium against the running network (issue 14): station QA looks a donor up and defers them, the collector
// at the chair sees it as the pseudonym is typed, the regulator lifts the deferral with a reason from the ledger's
// list, and those who may neither collect nor defer read the page without being offered to defer.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loadTopology, organisation } from '@plasma/network';
import { donation, newDin } from '@plasma/testkit';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { graphqlAs } from './support/graphql-as';

const sections = (page: Page): Promise<string[]> => page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allInnerTexts();

describe('explorer donors in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const donor = randomBytes(32).toString('hex');

  before(async function () {
    explorer = await openExplorer();
  });
  after(async function () {
    await explorer?.close();
  });

  it('lets station QA look a donor up and defer them, and the deferral shows with who recorded it and until when', async function () {
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Donors' }).click();
    await page.getByLabel('Donor pseudonym').fill(donor);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.waitForURL(`**/donors/${donor}`);
    const verdict = page.getByTestId('donor-verdict');
    expect(await verdict.innerText()).to.equal('May give now.');
    expect(await page.getByText('Never deferred.').count()).to.equal(1);

    await page.getByLabel('Deferral').selectOption('temporary');
    await page.getByLabel('Reason').selectOption('medical');
    await page.getByRole('button', { name: 'Defer donor' }).click();
    await page.getByTestId('donor-deferrals').waitFor({ timeout: 60_000 });
    expect(await verdict.innerText())
      .to.contain('Deferred temporarily (medical) by StationAMSP until')
      .and.to.contain('not to be collected');
    expect(await page.getByTestId('donor-deferrals').innerText())
      .to.contain('temporary')
      .and.to.contain('stationqa1 (StationAMSP)');
    // The station's register lists the donor it deferred, first as the latest deferred, and opens them.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Donors' }).click();
    const row = page.getByTestId('donor-register').locator('tbody tr').first();
    expect(await row.innerText()).to.contain('temporary (medical) by StationAMSP');
    await row.getByRole('link').click();
    await page.waitForURL(`**/donors/${donor}`);
    await page.close();
  });

  it('tells the collector at the chair, as the pseudonym is typed, that the donor is deferred', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Record donation' }).click();
    await page.getByLabel('Donor pseudonym').fill(donor);
    expect(await page.getByTestId('donor-verdict').innerText({ timeout: 30_000 })).to.contain('Deferred temporarily (medical)');
    // The collector reads donors, and is not offered to defer one.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Donors' }).click();
    await page.goto(`/donors/${donor}`);
    await page.getByTestId('donor-verdict').waitFor();
    expect(await page.getByRole('button', { name: 'Defer donor' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Lift deferral' }).count()).to.equal(0);
    await page.close();
  });

  it('lets the regulator lift the deferral with one of the ledger’s reasons, which stays on the record', async function () {
    const page = await explorer.signIn('Regulator', 'regulator1');
    await page.goto(`/donors/${donor}`);
    await page.getByRole('button', { name: 'Lift deferral' }).click();
    await page.getByLabel('Why').selectOption('entered-in-error');
    await page.getByRole('button', { name: 'Lift deferral' }).click();
    const verdict = page.getByTestId('donor-verdict');
    await page.waitForFunction(() => document.querySelector('[data-testid="donor-verdict"]')?.textContent === 'May give now.', undefined, {
      timeout: 60_000,
    });
    expect(await verdict.innerText()).to.equal('May give now.');
    expect(await page.getByTestId('donor-deferrals').innerText())
      .to.contain('by regulator1 (RegulatorMSP)')
      .and.to.contain('entered-in-error');
    await page.close();
  });

  it('shows the regulator the bags a station never dispatched, one whose donor also gave elsewhere marked', async function () {
    // A donor gives at StationA; StationB records a bag of theirs that it never dispatches.
    const other = randomBytes(32).toString('hex');
    const topology = loadTopology();
    const record = async (station: string) => {
      const collector = await graphqlAs(explorer, station, 'collector1');
      const input = donation(newDin(organisation(topology, station).facilities[0]!), { donorPseudonym: other });
      return (
        await collector<{ recordDonation: { din: string } }>(
          'mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }',
          { input },
        )
      ).recordDonation.din;
    };
    await record('StationA');
    const kept = await record('StationB');

    const page = await explorer.signIn('Regulator', 'regulator1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Donors' }).click();
    await page.getByLabel('Collected at least (days ago)').fill('0');
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.getByTestId('unmoved-donations').locator('tbody tr', { hasText: kept });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.innerText())
      .to.contain('StationBMSP')
      .and.to.contain('collected')
      .and.to.contain('StationAMSP');
    expect(await row.getAttribute('class')).to.equal('flagged');
    await row.getByRole('link', { name: kept }).click();
    await page.waitForURL(`**/donations/${kept}`);
    await page.close();
  });

  it('offers the Donors section to those at the chair and those who defer, not to the factory', async function () {
    const warehouse = await explorer.signIn('Factory', 'warehouse1');
    expect(await sections(warehouse)).not.to.include('Donors');
    await warehouse.close();
    const regulator = await explorer.signIn('Regulator', 'regulator1');
    expect(await sections(regulator)).to.include('Donors');
    await regulator.close();
  });
});
