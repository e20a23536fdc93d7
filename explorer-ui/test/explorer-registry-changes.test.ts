// Changing the e-signature authorities the regulator accepts, in Chromium against the running network (issue 14, every
// workflow in the explorer: the e-signature CA list): a station's admin proposes listing a certification service with
// its CA certificate; the members' admins approve it one by one, each in their own organisation's explorer, signing with
// their password entered again; it stays open until more than half of the members, the regulator among them, have
// approved, and the last approval lists the authority. A person who is no admin is offered no approval. The authority is
// then withdrawn the same way, which leaves the registry's list as it was.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { demoPerson } from './support/demo-people';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A stand-in certification service's self-signed CA certificate (PEM), valid for a year. */
async function standInCaCertificate(name: string): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(EC, false, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: `CN=${name}, O=Stand-in Certification Service, C=CN`,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return certificate.toString('pem');
}

describe('explorer registry changes (e-signature authorities) in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const run = randomBytes(3).toString('hex').toUpperCase();
  const authority = `Stand-in E-Signature Service ${run}`;

  before(async function () {
    explorer = await openExplorer();
  });
  after(async function () {
    await explorer?.close();
  });

  const listing = `qualified electronic signatures for QPs working remotely (${run})`;
  const withdrawal = `the service no longer holds the accreditation (${run})`;

  /** The proposal on the network page that says `what` (its reason), once the page shows it. */
  const proposalSaying = (page: Page, what: string) => page.getByTestId('registry-proposal').filter({ hasText: what });

  /** `org`'s admin approves the proposal that says `what`, signing with their password entered again. */
  async function approveAs(org: string, what: string): Promise<Page> {
    const page = await explorer.signIn(org, 'admin');
    await page.goto('/network');
    const proposal = proposalSaying(page, what);
    await proposal.getByRole('button', { name: 'Approve and sign…' }).click({ timeout: 60_000 });
    await page.getByLabel('Enter your password again to sign').fill(demoPerson(explorer.people, org, 'admin').password);
    await page.getByRole('dialog').getByRole('button', { name: 'Sign', exact: true }).click();
    await proposal.getByTestId('approvals').getByText(`of ${org}MSP`).waitFor({ timeout: 60_000 });
    return page;
  }

  it("lists an authority once a majority of the members' admins, the regulator's among them, have approved it", async function () {
    const page = await explorer.signIn('StationA', 'admin');
    await page.goto('/network');
    const propose = page.getByTestId('propose-authorities');
    await propose.locator('summary').click({ timeout: 60_000 });
    await propose.getByLabel('Authority to list').fill(authority);
    await propose.getByLabel('Its CA certificate').fill('-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----');
    await propose.getByText('must be a CA certificate in PEM').waitFor();
    await propose.getByLabel('Its CA certificate').fill(await standInCaCertificate(authority));
    await propose.getByText(`Subject: CN=${authority}`).waitFor();
    await propose.getByLabel('Reason').fill(listing);
    await propose.getByRole('button', { name: 'Propose the change' }).click();
    const proposal = proposalSaying(page, listing);
    await proposal.getByText(`lists ${authority}`).waitFor({ timeout: 60_000 });
    await proposal.getByText('nobody yet').waitFor({ timeout: 60_000 });
    await page.close();

    const warehouse = await explorer.signIn('Factory', 'warehouse1');
    await warehouse.goto('/network');
    await proposalSaying(warehouse, listing).waitFor({ timeout: 60_000 });
    expect(await proposalSaying(warehouse, listing).getByRole('button', { name: 'Approve and sign…' }).count()).to.equal(0);
    await warehouse.close();

    await (await approveAs('StationA', listing)).close();
    const factory = await approveAs('Factory', listing);
    await proposalSaying(factory, listing).getByText('open', { exact: true }).waitFor();
    await factory.close();
    const regulator = await approveAs('Regulator', listing);
    await proposalSaying(regulator, listing)
      .getByText(/became version \d+/)
      .waitFor({ timeout: 60_000 });
    await regulator.getByTestId('signature-authorities').getByText(authority, { exact: true }).waitFor({ timeout: 60_000 });
    await regulator.close();
  });

  it('withdraws the authority the same way, which keeps it among the former ones', async function () {
    const page = await explorer.signIn('Regulator', 'admin');
    await page.goto('/network');
    const propose = page.getByTestId('propose-authorities');
    await propose.locator('summary').click({ timeout: 60_000 });
    await propose.getByLabel(`Keep ${authority}`).uncheck();
    await propose.getByLabel('Reason').fill(withdrawal);
    await propose.getByRole('button', { name: 'Propose the change' }).click();
    await proposalSaying(page, withdrawal).getByText(`withdraws ${authority}`).waitFor({ timeout: 60_000 });
    await page.close();

    for (const org of ['Regulator', 'StationA']) await (await approveAs(org, withdrawal)).close();
    const factory = await approveAs('Factory', withdrawal);
    await factory.getByTestId('signature-authorities').getByText(`${authority} (withdrawn`).waitFor({ timeout: 60_000 });
    await factory.close();
  });
});
