// Alarms in Chromium against the running network: the home page lists the newest alarms, newest first with their
// severity, each linked to its object's page; an alarm raised while the page is open (a regulator opening a look-back
// on a donor whose donation a collector has just recorded, both through GraphQL) appears there and in the header's
// count without a reload, through the alarmRaised subscription.
import { expect } from 'chai';
import { donation, newDin, pseudonym } from '@plasma/testkit';
import { graphqlAs } from './support/graphql-as';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

describe('explorer alarms in Chromium', function () {
  let explorer: ExplorerSession;

  before(async function () {
    explorer = await openExplorer();
  });
  after(async function () {
    await explorer?.close();
  });

  it('shows an alarm raised while the home page is open, without a reload, linked to its look-back', async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.getByTestId('alarms-live').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const countBefore =
      (await page.getByTestId('alarm-count').count()) === 0 ? 0 : Number.parseInt(await page.getByTestId('alarm-count').innerText(), 10);
    // A reload would forget this.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    const donor = pseudonym();
    const collector = await graphqlAs(explorer, 'StationA', 'collector1');
    await collector('mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }', {
      input: donation(newDin('G1001'), { donorPseudonym: donor }),
    });
    const regulator = await graphqlAs(explorer, 'Regulator', 'regulator1');
    const { openLookBack } = await regulator<{ openLookBack: { caseId: string } }>(
      'mutation ($donor: String!) { openLookBack(donorPseudonym: $donor, reason: "explorer alarm test: anti-HIV reactive", window: {}) { caseId status } }',
      { donor },
    );

    const alarm = page.getByTestId('alarm').filter({ hasText: openLookBack.caseId }).first();
    await alarm.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).to.equal(true);
    expect(await alarm.getAttribute('data-severity')).to.equal('critical');
    expect(await alarm.locator('.badge').innerText()).to.equal('critical');
    expect(await alarm.innerText()).to.contain(`look-back ${openLookBack.caseId}`);
    expect(await alarm.getByRole('link', { name: openLookBack.caseId }).getAttribute('href')).to.equal(
      `/look-backs/${openLookBack.caseId}`,
    );

    // Newest first.
    const times = await page
      .getByTestId('alarm')
      .locator('time')
      .evaluateAll((nodes) => nodes.map((n) => Date.parse(n.getAttribute('datetime') ?? '')));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    // The header counts it too, and leads to the list.
    const count = page.getByTestId('alarm-count');
    const countText = await count.innerText();
    // The header counts up to the 50 alarms the explorer keeps, then says 50+.
    if (!countText.startsWith('50+')) expect(Number.parseInt(countText, 10)).to.be.greaterThan(countBefore);
    expect(await count.getAttribute('class')).to.contain('stop');

    await alarm.getByRole('link', { name: openLookBack.caseId }).click();
    await page.waitForURL(`**/look-backs/${openLookBack.caseId}`);
    await page.close();
  });
});
