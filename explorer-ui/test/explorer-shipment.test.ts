// A shipment in Chromium against the running network: a station dispatches stored bags with its reefer data logger
// travelling with them, follows the link to the shipment's page, and from there to the temperature curve of the
// journey (/cold-chain?shipment=<id>); the logger is reachable from the cold chain's device list too. A shipment
// dispatched without a logger offers no curve.
import { expect } from 'chai';
import { eventually } from '@plasma/testkit';
import { graphqlAs, type Ask } from './support/graphql-as';
import { storedBags } from './support/station-bags';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

const LOGGER = 'G1001-TRK-07';

describe('explorer shipment and its cold chain in Chromium', function () {
  let explorer: ExplorerSession;
  let collector: Ask;
  let dins: string[];

  before(async function () {
    explorer = await openExplorer();
    collector = await graphqlAs(explorer, 'StationA', 'collector1');
    dins = await storedBags(explorer, 2);
  });
  after(async function () {
    await explorer?.close();
  });

  it("dispatches bags with the station's reefer logger and leads from the shipment's page to the journey's temperature curve", async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Shipments' }).click();
    await page.getByLabel('DIN').fill(dins[0]!);
    await page.getByLabel('DIN').press('Enter');
    await page.getByTestId('shipment-bags').waitFor();
    const shipmentId = await page.getByLabel('Shipment').inputValue();
    // Named after one of the station's facilities, as the ledger requires.
    expect(shipmentId).to.match(/^G1001-SHP-\d{8}-[0-9A-Z]{4}$/);
    await page.getByLabel('To the factory (MSP ID)').fill('FactoryMSP');
    await page.getByLabel('Container temperature at dispatch (°C)').fill('-28');
    // Only the station's own reefer loggers are offered.
    expect(await page.getByLabel('Reefer data logger').locator('option').allInnerTexts()).to.satisfy(
      (options: string[]) =>
        options[0] === 'none' && options.slice(1).every((o) => o.startsWith('G1001-TRK-')) && options.some((o) => o.startsWith(LOGGER)),
    );
    await page.getByLabel('Reefer data logger').selectOption(LOGGER);
    await page.getByRole('button', { name: 'Dispatch shipment' }).click();

    await page.getByTestId('dispatched').getByRole('link', { name: shipmentId }).click({ timeout: 60_000 });
    await page.waitForURL(`**/shipments/${shipmentId}`);
    expect(await page.getByTestId('manifest').innerText()).to.contain(dins[0]!.slice(0, 13)); // the ledger keys a bag by its DIN without the check character
    const logger = page.locator('.facts div', { hasText: 'Reefer logger' });
    expect(await logger.getByRole('link').getAttribute('href')).to.equal(`/cold-chain/${LOGGER}`);

    await page.getByRole('link', { name: 'Temperature curve' }).click();
    await page.waitForURL(`**/cold-chain?shipment=${shipmentId}`);
    expect(await page.locator('h1').innerText()).to.equal(`Shipment ${shipmentId}`);
    // The logger samples every second, and its readings reach PostgreSQL a moment later: the page, asked again,
    // draws those since dispatch.
    const drawn = page.getByTestId('temperature-chart').locator('rect.range').first();
    for (let attempt = 1; !(await drawn.isVisible()); attempt += 1) {
      if (attempt > 30) throw new Error('no reading of the logger since dispatch was drawn within a minute');
      await page.waitForTimeout(2000);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await page.getByRole('link', { name: 'Shipment page' }).click();
    await page.waitForURL(`**/shipments/${shipmentId}`);

    // The logger's own curve, from the cold chain's list of devices.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Cold chain' }).click();
    await page.getByTestId('devices').getByRole('link', { name: LOGGER }).click();
    await page.waitForURL(`**/cold-chain/${LOGGER}`);
    await page.getByTestId('temperature-chart').waitFor();
    await page.close();
  });

  it('offers no temperature curve for a shipment that travelled without a logger', async function () {
    const shipmentId = `G1001-SHP-EXPLORER-${Date.now().toString(36).toUpperCase()}`;
    await collector('mutation ($shipment: ShipmentDispatchInput!) { dispatchShipment(shipment: $shipment) { shipmentId status } }', {
      shipment: { shipmentId, destination: 'FactoryMSP', dins: [dins[1]], temperatureC: -29 },
    });
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/shipments/${shipmentId}`);
    // Read from the projection, a block behind the ledger.
    await eventually(
      async () => {
        await page.reload();
        return page
          .getByTestId('manifest')
          .waitFor({ timeout: 5_000 })
          .then(
            () => true,
            () => false,
          );
      },
      (shown) => shown,
      12,
    );
    expect(await page.locator('.facts div', { hasText: 'Reefer logger' }).locator('dd').innerText()).to.equal(
      'none: no temperatures travelled with it',
    );
    expect(await page.getByRole('link', { name: 'Temperature curve' }).count()).to.equal(0);
    await page.close();
  });

  it("shows on a bag's page the label the factory found wrong on receipt and the label it reprinted", async function () {
    const [din] = await storedBags(explorer, 1);
    const shipmentId = `G1001-SHP-LABEL-${Date.now().toString(36).toUpperCase()}`;
    await collector('mutation ($shipment: ShipmentDispatchInput!) { dispatchShipment(shipment: $shipment) { shipmentId } }', {
      shipment: { shipmentId, destination: 'FactoryMSP', dins: [din], temperatureC: -29 },
    });
    const warehouse = await graphqlAs(explorer, 'Factory', 'warehouse1');
    const factoryQa = await graphqlAs(explorer, 'Factory', 'qa1');
    await eventually(() =>
      warehouse(
        'mutation ($id: String!, $receipt: ShipmentReceiptInput!) { receiveShipment(shipmentId: $id, receipt: $receipt) { status } }',
        { id: shipmentId, receipt: { receivedDins: [din], temperatureC: -27, labelsChecked: true, labelMismatchDins: [din] } },
      ),
    );
    const { donation: bag } = await factoryQa<{ donation: { productCode: string } }>(
      'query ($din: String!) { donation(din: $din) { productCode } }',
      { din },
    );
    const corrected = await eventually(() =>
      factoryQa<{ correctLabel: { status: string } }>(
        'mutation ($din: String!, $correction: LabelCorrectionInput!) { correctLabel(din: $din, correction: $correction) { status } }',
        {
          din,
          correction: {
            found: 'the DIN of another bag',
            reprintedDin: din,
            reprintedProductCode: bag.productCode,
            reason: 'label reprinted from the record',
          },
        },
      ),
    );
    expect(corrected.correctLabel.status).to.equal('received'); // back where it was: nothing else held it

    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/donations/${din!}`);
    const fact = page.locator('.facts div', { hasText: 'Label corrected' });
    await eventually(
      async () => {
        await page.reload();
        return fact.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        );
      },
      (shown) => shown,
      12,
    );
    expect(await fact.locator('dd').innerText())
      .to.contain('the DIN of another bag')
      .and.contain(din!)
      .and.contain('label reprinted from the record');
    await page.close();
  });
});
