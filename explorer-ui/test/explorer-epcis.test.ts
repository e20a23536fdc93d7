// The EPCIS 2.0 export in Chromium against the running network: the lot page and the donation page each save the
// lineage as `<id>.epcis.jsonld`, the GS1 EPCIS 2.0 JSON-LD document the gateway made (docs/epcis.md), over the demo
// story's lot ALB-DEMO-001 and one of its bags.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DEMO_LOT_ID } from '@plasma/demo';
import { graphqlAs } from './support/graphql-as';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

/** Clicks the page's export button and reads the file the browser saved. */
async function exportEpcis(page: Page): Promise<{ fileName: string; document: any }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Export EPCIS 2.0' }).click(),
  ]);
  const file = await download.path();
  return { fileName: download.suggestedFilename(), document: JSON.parse(await readFile(file, 'utf8')) };
}

describe('explorer EPCIS 2.0 export in Chromium', function () {
  let explorer: ExplorerSession;
  let demoDin: string | undefined;

  before(async function () {
    explorer = await openExplorer();
    const ask = await graphqlAs(explorer, 'Regulator', 'inspector1');
    const { upstreamOfLot } = await ask('query ($lotId: String!) { upstreamOfLot(lotId: $lotId) { pools { donations { din } } } }', {
      lotId: DEMO_LOT_ID,
    });
    demoDin = upstreamOfLot?.pools[0]?.donations[0]?.din;
    if (demoDin === undefined) throw new Error(`the demo lot ${DEMO_LOT_ID} is not on the ledger: npm run up tells the demo story`);
  });
  after(async function () {
    await explorer?.close();
  });

  it("saves a lot's lineage as <lot>.epcis.jsonld, an EPCIS document with the lot's pooling and fractionation", async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/lots/${DEMO_LOT_ID}`);
    const { fileName, document } = await exportEpcis(page);
    expect(fileName).to.equal(`${DEMO_LOT_ID}.epcis.jsonld`);
    expect(document.type).to.equal('EPCISDocument');
    expect(document.schemaVersion).to.equal('2.0');
    const events: any[] = document.epcisBody.eventList;
    expect(events.filter((e) => e.type === 'TransformationEvent')).to.have.length.greaterThan(0);
    // Each event names the ledger transaction it was made from.
    expect(events.every((e) => typeof e['pt:transactionId'] === 'string')).to.equal(true);
    await page.close();
  });

  it("saves a donation's lineage as <DIN>.epcis.jsonld, from the bag's collection on", async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/donations/${demoDin}`);
    const { fileName, document } = await exportEpcis(page);
    expect(fileName).to.equal(`${demoDin}.epcis.jsonld`);
    expect(document.type).to.equal('EPCISDocument');
    const first = document.epcisBody.eventList[0];
    expect(first).to.include({ type: 'ObjectEvent', action: 'ADD' });
    expect(first.bizStep).to.match(/commissioning$/);
    await page.close();
  });
});
