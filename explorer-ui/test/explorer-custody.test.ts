// The factory's stock in Chromium against the running network (issue 14, every workflow in the explorer): the
// warehouse finds the bags of a shipment it received on the stock page and quarantines them together; QA sees them in
// quarantine and asks to release one, which the ledger refuses (the hold period not served, or no later negative
// donation of the donor), the page saying why and the bag staying where it was; the warehouse is offered no release,
// and a station's collector no stock page. Then the warehouse starts a pool by its DIN label, scans released bags into
// it (a bag scanned twice caught at the scan) and closes it.
import { expect } from 'chai';
import { loadTopology } from '@plasma/network';
import { eventually, ledgerPeople, newDin, releasedBagsOnLedger } from '@plasma/testkit';
import { graphqlAs, type Ask } from './support/graphql-as';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { storedBags } from './support/station-bags';

describe('explorer plasma stock: quarantine, release and pooling at the factory in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  let factoryQa: Ask;
  let dins: string[];
  const shipmentId = `G1001-SHP-STOCK-${Date.now().toString(36).toUpperCase()}`;

  before(async function () {
    explorer = await openExplorer();
    dins = await storedBags(explorer, 2);
    const collector = await graphqlAs(explorer, 'StationA', 'collector1');
    await collector('mutation ($shipment: ShipmentDispatchInput!) { dispatchShipment(shipment: $shipment) { shipmentId } }', {
      shipment: { shipmentId, destination: 'FactoryMSP', dins, temperatureC: -29 },
    });
    const warehouse = await graphqlAs(explorer, 'Factory', 'warehouse1');
    await eventually(() =>
      warehouse(
        'mutation ($id: String!, $receipt: ShipmentReceiptInput!) { receiveShipment(shipmentId: $id, receipt: $receipt) { status } }',
        { id: shipmentId, receipt: { receivedDins: dins, temperatureC: -27, labelsChecked: true } },
      ),
    );
    factoryQa = await graphqlAs(explorer, 'Factory', 'qa1');
  });
  after(async function () {
    await explorer?.close();
  });

  const statusOf = async (din: string): Promise<string | undefined> =>
    (await factoryQa<{ donation: { status: string } | null }>('query ($din: String!) { donation(din: $din) { status } }', { din })).donation
      ?.status;

  /** Shows the stock page's list of `shipmentId`'s bags in the tab named `tab`, read again until it lists `count`. */
  async function shipmentBags(page: Awaited<ReturnType<ExplorerSession['signIn']>>, tab: string, count: number): Promise<void> {
    await page.goto('/custody');
    await page.getByRole('tab', { name: tab }).click();
    await page.getByLabel('Shipment').fill(shipmentId);
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Show' }).click();
        await page.waitForTimeout(500);
        return page.getByTestId('bags-in-custody').locator('tbody tr').count();
      },
      (rows) => rows === count,
      60,
    );
  }

  it('offers a collector no stock page: it is the factory’s', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.goto('/custody');
    await page.getByTestId('not-permitted').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('bags-in-custody').count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Plasma stock' }).count(), 'not in the header').to.equal(0);
    await page.close();
  });

  it('lets the warehouse quarantine the bags of the shipment it received, together', async function () {
    const page = await explorer.signIn('Factory', 'warehouse1');
    await shipmentBags(page, 'Received', 2);
    for (const din of dins) expect(await page.getByRole('checkbox', { name: `Select ${din.slice(0, 13)}` }).count()).to.equal(1);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: 'Quarantine 2 bags' }).click();
    await page.getByText('None.').waitFor({ timeout: 60_000 });
    for (const din of dins) expect(await statusOf(din.slice(0, 13))).to.equal('quarantined');

    await page.getByRole('tab', { name: 'In quarantine' }).click();
    await page.getByTestId('bags-in-custody').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('checkbox').count(), 'the warehouse releases nothing').to.equal(0);
    await page.close();
  });

  it('refuses QA’s release of a bag the release rules do not free yet, saying why, and leaves it in quarantine', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await shipmentBags(page, 'In quarantine', 2);
    await page.getByRole('checkbox', { name: `Select ${dins[0]!.slice(0, 13)}` }).check();
    await page.getByRole('button', { name: 'Release 1 bag' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor({ timeout: 60_000 });
    // The release rules in force decide which comes first: the hold period, or a later negative donation of the donor.
    const said = await refusal.innerText();
    expect(said).to.contain(dins[0]!.slice(0, 13));
    expect(said).to.match(/has not served the CN hold of \d+ days|needs a later donation of the same donor/);
    expect(await statusOf(dins[0]!.slice(0, 13))).to.equal('quarantined');
    await page.close();
  });

  it('lets the warehouse start a pool from its DIN label, scan released bags into it, and close it', async function () {
    const people = ledgerPeople(loadTopology());
    let released: string[];
    try {
      released = await releasedBagsOnLedger(people, `G1001-SHP-POOL-${Date.now().toString(36).toUpperCase()}`, 2);
    } finally {
      people.close();
    }
    const poolDin = newDin('G2001');
    const page = await explorer.signIn('Factory', 'warehouse1');
    await page.goto('/custody');
    await page.getByRole('tab', { name: 'Released' }).click();
    await page.getByLabel('Pool DIN').fill(poolDin);
    await page.getByRole('button', { name: 'Start a pool' }).click();
    await page.waitForURL(`**/pools/${poolDin.slice(0, 13)}`, { timeout: 60_000 });

    // A bag scanned twice is caught at the scan; both go in together.
    for (const din of [released[0]!, released[1]!, released[0]!]) {
      await page.getByLabel('Scan a released bag').fill(din);
      await page.getByLabel('Scan a released bag').press('Enter');
    }
    expect(await page.locator('#pool-scan-problem').innerText()).to.contain('scanned already');
    await page.getByLabel('Scan a released bag').fill('');
    await page.getByRole('button', { name: 'Add 2 bags to the pool' }).click();
    await page.getByRole('button', { name: 'Close the pool' }).waitFor({ timeout: 60_000 });
    const pooled = await eventually(
      () =>
        factoryQa<{ pool: { count: number; status: string } | null }>('query ($d: String!) { pool(poolDin: $d) { count status } }', {
          d: poolDin,
        }),
      (answer) => answer.pool?.count === 2,
      120,
    );
    expect(pooled.pool).to.deep.equal({ count: 2, status: 'open' });
    for (const din of released) expect(await statusOf(din.slice(0, 13))).to.equal('pooled');

    await page.getByRole('button', { name: 'Close the pool' }).click();
    await page.getByTestId('fill-pool').waitFor({ state: 'detached', timeout: 60_000 });
    const closed = await factoryQa<{ pool: { status: string; merkleRoot: string | null } }>(
      'query ($d: String!) { pool(poolDin: $d) { status merkleRoot } }',
      { d: poolDin },
    );
    expect(closed.pool.status).to.equal('closed');
    expect(closed.pool.merkleRoot).to.match(/^[0-9a-f]{64}$/);
    await page.close();
  });
});
