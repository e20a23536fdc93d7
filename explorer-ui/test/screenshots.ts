// Screenshots of the explorer's main pages for the README (docs/screenshots/*.png), taken in Chromium against the
// running network (npm run screenshots -w explorer-ui). Nothing is written to the ledger. Pools, lots and vials,
// which the live network does not hold yet, are shown over a scratch projection (support/scratch-projection.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { demoPlan } from '@plasma/demo';
import { repoRoot } from '@plasma/network';
import type { Page } from 'playwright-core';
import { graphqlAs } from './support/graphql-as';
import { type ExplorerSession, openExplorer } from './support/explorer-session';
import { scratchProjection } from './support/scratch-projection';

const OUT = path.join(repoRoot, 'docs', 'screenshots');

/** Pages whose length grows with the ledger are shot as one screenful. */
async function shoot(page: Page, name: string, to?: string, fullPage = true): Promise<void> {
  if (to) await page.goto(to);
  // Not "network idle": pages keep their block subscription open.
  await page.waitForFunction(() => document.querySelector('.loading, [aria-busy="true"]') === null);
  await page.waitForTimeout(1000); // queries under way and the lineage graph fitting itself to the view
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
}

/** The demo story's first donation (the recent transactions of a network that has run a while are the cold chain's). */
async function demoDonation(explorer: ExplorerSession): Promise<string> {
  const ask = await graphqlAs(explorer, 'Regulator', 'inspector1');
  const { downstreamOfDonor } = await ask<{ downstreamOfDonor: { donations: string[] } }>(
    'query ($pseudonym: String!) { downstreamOfDonor(pseudonym: $pseudonym) { donations } }',
    { pseudonym: demoPlan().donorPseudonym(0) },
  );
  const din = downstreamOfDonor.donations[0];
  if (din === undefined) throw new Error('the demo story has not been told on this network: run npm run up');
  return din;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const explorer = await openExplorer();
  try {
    const login = await explorer.signInPage('Regulator');
    await login.getByLabel('Username').fill('inspector1');
    await shoot(login, 'login');

    const inspector = await explorer.signIn('Regulator', 'inspector1');
    await shoot(inspector, 'home');
    const din = await demoDonation(explorer);
    await shoot(inspector, 'donation', `/donations/${din}`);
    await shoot(inspector, 'network', '/network', false);
    await shoot(inspector, 'audit-trail', '/audit', false);

    const collector = await explorer.signIn('StationA', 'collector1');
    await collector.goto('/station/donations/new');
    await collector.getByLabel('DIN').fill('G100126000001A');
    await collector.getByLabel('Volume (mL)').fill('6x0');
    await shoot(collector, 'record-donation');

    // A freezer's last hour, as the ingest stored it.
    await shoot(inspector, 'cold-chain', '/cold-chain/G1001-FRZ-01');
  } finally {
    await explorer.close();
  }

  const projection = await scratchProjection(6000, 40);
  const scratch = await openExplorer(projection);
  try {
    const inspector = await scratch.signIn('Regulator', 'inspector1');
    await shoot(inspector, 'lineage', `/lineage/vial/${encodeURIComponent(projection.vials[0]!)}`);
    await inspector.getByTestId('lineage-group').first().click();
    await inspector.getByTestId('lineage-group').filter({ hasText: 'StationAMSP' }).click();
    await shoot(inspector, 'lineage-opened');
    await shoot(inspector, 'vial', `/vials/${encodeURIComponent(projection.vials[0]!)}`);
    // The dossier as the QA reviewer who signs it first sees it.
    const qa = await scratch.signIn('Factory', 'qa1');
    await shoot(qa, 'lot-release', `/lots/${projection.lotId}/release`);
    await shoot(qa, 'lots', '/lots');
    await shoot(inspector, 'look-back', `/look-backs/${projection.story.lookBackCaseId}`);
  } finally {
    await scratch.close();
    await projection.drop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
