// Master batch records and batch-record steps in Chromium against the running network (issue 14, every workflow in
// the explorer: batch-record steps checked against the product's master batch record): the factory's QA defines a
// product's MBR (steps, critical parameters and their ranges) and a second version of it, earlier versions staying
// readable; a change made from a version another change has replaced is refused by the ledger and said; a lot's step is
// recorded against the version in force with its parameter export uploaded, a value out of range named before it is
// sent, recorded, and raising a major deviation that holds the lot. The warehouse is offered neither.
import { expect } from 'chai';
import { randomBytes, randomInt } from 'node:crypto';
import { gtinOf } from '@plasma/demo';
import { loadTopology } from '@plasma/network';
import { eventually, ledgerPeople, newDin, testedPoolOnLedger } from '@plasma/testkit';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

describe('explorer master batch records and batch-record steps in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const lotId = `BR-${randomBytes(3).toString('hex').toUpperCase()}`;
  // A product of its own for each run, so its master batch record starts at version 1.
  const gtin = gtinOf(`06912345${String(randomInt(100_000)).padStart(5, '0')}`);

  before(async function () {
    explorer = await openExplorer();
    const people = ledgerPeople(loadTopology());
    try {
      const poolDin = newDin('G2001');
      await testedPoolOnLedger(people, `G1001-SHP-${lotId}`, poolDin);
      await eventually(() =>
        people.submit('Factory', 'qa1', 'Lot', 'CreateLot', {
          lotId,
          product: { name: 'Human immunoglobulin 10 %', gtin, expiry: '2029-06-30' },
          pools: [poolDin],
        }),
      );
    } finally {
      people.close();
    }
  });
  after(async function () {
    await explorer?.close();
  });

  it('offers the warehouse no master batch record to define and no step to record', async function () {
    const page = await explorer.signIn('Factory', 'warehouse1');
    await page.goto('/master-records');
    await page.getByRole('heading', { name: 'Master batch records' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('define-master-record').count()).to.equal(0);
    await page.goto(`/lots/${lotId}/release`);
    await page.getByTestId('chain-verdict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('record-process-step').count()).to.equal(0);
    await page.close();
  });

  it("lets factory QA define a product's master batch record, then a second version, the first still readable", async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto('/master-records');
    const define = page.getByTestId('define-master-record');
    await define.locator('summary').click();
    await define.getByLabel('Product code').fill(gtin);
    await define.getByLabel('Product name').fill('Human immunoglobulin 10 %');
    await define.getByLabel('Step 1').fill('Cold ethanol fractionation');
    await define.getByRole('button', { name: 'Add a critical parameter' }).click();
    await define.getByLabel('Critical parameter').fill('temperature');
    await define.getByLabel('Unit').fill('°C');
    await define.getByLabel('Lowest').fill('-2');
    await define.getByLabel('Highest').fill('-5');
    await define.getByText('step 1, parameter 1: the lowest value is above the highest').waitFor();
    expect(await define.getByRole('button', { name: 'Define version 1' }).isDisabled()).to.equal(true);
    await define.getByLabel('Lowest').fill('-6');
    await define.getByLabel('Highest').fill('-2');
    await define.getByRole('button', { name: 'Add a step' }).click();
    await define.getByLabel('Step 2').fill('Ultrafiltration');
    await define.getByLabel('Reason for this version').fill('first version, from process validation PV-2026-04');
    await define.getByRole('button', { name: 'Define version 1' }).click();
    await page.waitForURL(`**/master-records/${gtin}`, { timeout: 60_000 });
    const shown = page.locator('[data-testid="master-record"][data-version="1"]');
    await shown.getByText('-6 to -2 °C').waitFor({ timeout: 60_000 });

    const change = page.getByTestId('change-master-record');
    await change.locator('summary').click();
    await change.getByLabel('Lowest').fill('-5');
    await change.getByLabel('Reason for this version').fill('range narrowed after the annual product review');
    await change.getByRole('button', { name: 'Make version 2' }).click();
    await page.locator('[data-testid="master-record"][data-version="2"]').getByText('-5 to -2 °C').waitFor({ timeout: 60_000 });
    await page.getByLabel('Version', { exact: true }).selectOption('1');
    await shown.getByText('-6 to -2 °C').waitFor({ timeout: 60_000 });
    await shown.getByText('first version, from process validation PV-2026-04').waitFor();
    await page.close();
  });

  it('says the ledger refused a change made from a version another change has replaced', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/master-records/${gtin}`);
    const change = page.getByTestId('change-master-record');
    await change.locator('summary').click();
    await change.getByLabel('Reason for this version').fill('typo in the step name');
    // Meanwhile another QA person makes version 3 straight on the ledger.
    const people = ledgerPeople(loadTopology());
    try {
      const record = await people.query('Factory', 'qa1', 'Lot', 'GetMasterBatchRecord', gtin, '');
      const { productName, steps } = record;
      await people.submit('Factory', 'qa1', 'Lot', 'DefineMasterBatchRecord', gtin, {
        fromVersion: 2,
        productName,
        steps,
        reason: 'made meanwhile by another QA person',
      });
    } finally {
      people.close();
    }
    await change.getByRole('button', { name: 'Make version 3' }).click();
    await change
      .getByRole('alert')
      .getByText(/is at version 3, not 2 as the change was made from/)
      .waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('records a step against the version in force, a value out of range named first and raising a major deviation', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/lots/${lotId}/release`);
    const form = page.getByTestId('record-process-step');
    await form.locator('summary').click();
    await form.getByText('Checked against master batch record version 3').waitFor({ timeout: 60_000 });
    await form.getByLabel('Step').selectOption('Cold ethanol fractionation');
    await form.getByLabel('Equipment').fill('reactor R-2');
    await form.getByLabel('Started').fill('2026-12-01T08:00:00');
    await form.getByLabel('Ended').fill('2026-12-01T14:30:00');
    await form.getByLabel('temperature (°C)').fill('-1.5');
    await form.getByTestId('out-of-range').getByText('Outside -5 to -2 °C').waitFor();
    await form.getByLabel('Parameter data').setInputFiles({
      name: 'R-2-run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ temperature: -1.5, ethanol: 8 })),
    });
    await form.getByRole('button', { name: 'Record step' }).click();
    const step = page.getByTestId('process-step').filter({ hasText: 'Cold ethanol fractionation' });
    await step.getByTestId('step-values').getByText('out of range').waitFor({ timeout: 60_000 });
    await step.getByText('master batch record version 3').waitFor();
    const deviation = page.getByTestId('deviation').filter({ hasText: 'S000001-temperature' });
    await deviation.getByText('major').waitFor({ timeout: 60_000 });
    const openDeviations = page.locator('.facts div', { hasText: 'Open deviations' }).locator('dd');
    await openDeviations.filter({ hasText: 'S000001-temperature' }).waitFor({ timeout: 60_000 });
    await page.close();
  });
});
