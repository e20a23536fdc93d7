// Making a lot in Chromium against the running network (issue 14, every workflow in the explorer): factory QA creates
// a lot from a closed pool whose NAT passed (the warehouse is not offered to), and the dossier opens on it; a deviation
// raised on it holds its release (the lot lists it open) until QA closes it with its CAPA, which the batch record then
// shows.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { gtinOf } from '@plasma/demo';
import { loadTopology } from '@plasma/network';
import { ledgerPeople, newDin, testedPoolOnLedger } from '@plasma/testkit';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

describe('explorer lot making, deviations and CAPA in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const poolDin = newDin('G2001');
  const lotId = `MK-${randomBytes(3).toString('hex').toUpperCase()}`;
  const deviationId = `DEV-${lotId}`;

  before(async function () {
    explorer = await openExplorer();
    const people = ledgerPeople(loadTopology());
    try {
      await testedPoolOnLedger(people, `G1001-SHP-${lotId}`, poolDin);
    } finally {
      people.close();
    }
  });
  after(async function () {
    await explorer?.close();
  });

  it('offers the warehouse no lot to create', async function () {
    const page = await explorer.signIn('Factory', 'warehouse1');
    await page.goto('/lots');
    await page.getByRole('heading', { name: 'Lots and their release' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('create-lot').count()).to.equal(0);
    await page.close();
  });

  it('lets factory QA create a lot from the tested pool, and opens its dossier', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto('/lots');
    const form = page.getByTestId('create-lot');
    await form.getByLabel('Lot number').fill(lotId);
    await form.getByLabel('Product', { exact: true }).fill('Human albumin 20 %');
    await form.getByLabel('GTIN', { exact: true }).fill(gtinOf('0691234567890'));
    await form.getByLabel('Expiry').fill('2029-06-30');
    await form.getByLabel('Pools').fill(poolDin);
    await form.getByRole('button', { name: 'Create lot' }).click();
    await page.waitForURL(`**/lots/${lotId}/release`, { timeout: 60_000 });
    await page.getByTestId('raise-deviation').waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('holds the lot with a deviation QA raises, until QA closes it with its CAPA', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/lots/${lotId}/release`);
    await page.getByText('Raise a deviation').click();
    await page.getByLabel('Deviation number').fill(deviationId);
    await page.getByLabel('What happened').fill('filling line stopped 40 min; temperature held');
    await page.getByLabel('Classification').selectOption('major');
    await page.getByRole('button', { name: 'Raise deviation' }).click();
    const row = page.getByTestId('deviation').filter({ hasText: deviationId });
    await row.waitFor({ timeout: 60_000 });
    const openDeviations = page.locator('.facts div', { hasText: 'Open deviations' }).locator('dd');
    await openDeviations.filter({ hasText: deviationId }).waitFor({ timeout: 60_000 });

    const close = page.getByTestId(`close-deviation-${deviationId}`);
    await close.getByText('Close with CAPA').click();
    await close.getByLabel('Root cause').fill('worn seal on the stopper feed');
    await close.getByLabel('Corrective action').fill('seal replaced, line requalified');
    await close.getByLabel('Preventive action').fill('seal on the monthly maintenance plan');
    await close.getByRole('button', { name: 'Close deviation' }).click();
    await row.getByText('worn seal on the stopper feed').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId(`close-deviation-${deviationId}`).count(), 'a closed deviation is not closed again').to.equal(0);
    await openDeviations.filter({ hasText: 'none' }).waitFor({ timeout: 60_000 });
    await page.close();
  });
});
