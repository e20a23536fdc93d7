// Vials and cases in Chromium against the running network (issue 14, every workflow in the explorer: units and
// cases): the factory's warehouse scans vial codes into the lot (a code of another product is named before anything
// is sent, a code already commissioned is refused by the ledger), packs them into a case under its SSCC while the lot
// is in quarantine, and ships the case only once QA and the regulator have released the lot. Factory QA is offered
// none of the three steps.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { gs1UnitCode, gtinOf, ssccOf } from '@plasma/demo';
import { loadTopology } from '@plasma/network';
import { ledgerPeople, lotReadyForQaRelease, newDin, releaseLotOnLedger, testedPoolOnLedger } from '@plasma/testkit';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

describe('explorer vials and cases in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const lotId = `UC-${suffix}`;
  const gtin = gtinOf('0691234567890');
  const vials = [1, 2, 3].map((n) => gs1UnitCode(gtin, `UC${suffix}${n}`));
  const caseCode = ssccOf(`0691234${String(Date.now() % 1e10).padStart(10, '0')}`);

  before(async function () {
    explorer = await openExplorer();
    const people = ledgerPeople(loadTopology());
    try {
      const poolDin = newDin('G2001');
      await testedPoolOnLedger(people, `G1001-SHP-${lotId}`, poolDin);
      await lotReadyForQaRelease(people, lotId, poolDin, gtin);
    } finally {
      people.close();
    }
  });
  after(async function () {
    await explorer?.close();
  });

  it('offers factory QA no step of the packaging line', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/lots/${lotId}`);
    await page.getByTestId('unit-count').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('commission-units').count()).to.equal(0);
    expect(await page.getByTestId('pack-case').count()).to.equal(0);
    await page.close();
  });

  it("lets the warehouse commission the lot's vials, naming a code of another product and one already commissioned", async function () {
    const page = await explorer.signIn('Factory', 'warehouse1');
    await page.goto(`/lots/${lotId}`);
    const form = page.getByTestId('commission-units');
    await form.locator('summary').click();
    const codes = form.getByLabel('Vial codes');
    await codes.fill([...vials, gs1UnitCode(gtinOf('0691234567891'), 'OTHER1')].join('\n'));
    await form.getByText(/line 4: has GTIN \d+; the lot's product is/).waitFor();
    expect(await form.getByRole('button', { name: /Commission/ }).isDisabled()).to.equal(true);

    await codes.fill(vials.join('\n'));
    await form.getByRole('button', { name: 'Commission 3 vials' }).click();
    await page.getByTestId('unit-count').filter({ hasText: '3' }).waitFor({ timeout: 60_000 });

    await codes.fill(vials[0]!);
    await form.getByRole('button', { name: 'Commission 1 vial' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: `unit ${vials[0]} is already commissioned` })
      .waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('lets the warehouse pack the vials into a case, which does not ship before the lot is released', async function () {
    const page = await explorer.signIn('Factory', 'warehouse1');
    await page.goto(`/lots/${lotId}`);
    const pack = page.getByTestId('pack-case');
    await pack.getByTestId('unpacked-units').getByText(vials[2]!).waitFor({ timeout: 60_000 });
    await pack.getByLabel('Case SSCC').fill(caseCode.slice(0, 17) + String((Number(caseCode[17]) + 1) % 10));
    await pack.getByText(/must be an SSCC/).waitFor();
    await pack.getByLabel('Case SSCC').fill(caseCode);
    await pack.getByRole('button', { name: 'Select all' }).click();
    await pack.getByRole('button', { name: 'Pack 3 vials into the case' }).click();
    const row = page.locator(`[data-testid="case"][data-case="${caseCode}"]`);
    await row.getByText('packed').waitFor({ timeout: 60_000 });
    await pack.getByText('None.').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('checkbox', { name: `Ship ${caseCode}` }).count(), 'a lot in process does not ship').to.equal(0);
    await page.getByText('Cases ship once the lot is released by QA and the regulator.').waitFor();
    await page.close();
  });

  it('lets the warehouse ship the case once QA and the regulator have released the lot', async function () {
    const people = ledgerPeople(loadTopology());
    try {
      await releaseLotOnLedger(people, lotId);
    } finally {
      people.close();
    }
    const page = await explorer.signIn('Factory', 'warehouse1');
    await page.goto(`/lots/${lotId}`);
    const ship = page.getByRole('checkbox', { name: `Ship ${caseCode}` });
    // The projection follows the ledger a block behind: the lot shows released once it has the release.
    for (let attempt = 0; attempt < 30 && (await ship.count()) === 0; attempt += 1) {
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.getByTestId('unit-count').waitFor({ timeout: 60_000 });
    }
    await ship.check();
    await page.getByLabel('Shipment number').fill(`OUT-${suffix}`);
    await page.getByLabel('Consignee').fill('Hospital pharmacy, Xuhui');
    await page.getByRole('button', { name: 'Ship 1 case' }).click();
    const row = page.locator(`[data-testid="case"][data-case="${caseCode}"]`);
    await row.getByText(`OUT-${suffix} to Hospital pharmacy, Xuhui`).waitFor({ timeout: 60_000 });
    await row.getByText('shipped').waitFor();
    await page.close();
  });
});
