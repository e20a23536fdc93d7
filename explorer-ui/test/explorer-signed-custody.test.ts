// The station's signed records in Chromium against the running network (issue 14, every workflow in the explorer):
// station QA destroys a bag its screening rejected, signing the destruction record with their password entered again
// (a wrong password destroys nothing; the collector is not offered it), and records a late entry, a donation whose
// collection ended days ago, with the reason and their signature of the late-entry record. The ledger holds each
// signature with the record, and the bag's page shows it.
import { expect } from 'chai';
import { organisation, loadTopology } from '@plasma/network';
import { DEFAULT_RULES } from '@plasma/chaincode';
import { ledgerErrorMessage } from '@plasma/platform';
import { donation, eventually, ledgerPeople, negativeScreeningInput, newDin } from '@plasma/testkit';
import { demoPerson } from './support/demo-people';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { graphqlAs, type Ask } from './support/graphql-as';
import { collectedBag } from './support/station-bags';

const HOUR_MS = 3_600_000;
const facility = (): string => organisation(loadTopology(), 'StationA').facilities[0]!;

describe('explorer signed destruction and late entry at the station in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  let stationQa: Ask;
  let rejected: string;

  before(async function () {
    explorer = await openExplorer();
    stationQa = await graphqlAs(explorer, 'StationA', 'stationqa1');
    rejected = await collectedBag(explorer);
    const screening = negativeScreeningInput(DEFAULT_RULES.CN!.mandatoryTests.donation);
    screening.tests[0]!.conclusion = 'reactive';
    screening.tests[0]!.result = 'reactive, repeat reactive';
    const screened = await eventually(() =>
      stationQa<{ recordScreening: { status: string } }>(
        'mutation ($din: String!, $screening: ScreeningInput!) { recordScreening(din: $din, screening: $screening) { status } }',
        { din: rejected, screening },
      ),
    );
    expect(screened.recordScreening.status).to.equal('rejected');
  });
  after(async function () {
    await explorer?.close();
  });

  /** The bag's status as the ledger holds it now (not the projection, a block behind), or NOT_FOUND. */
  const statusOf = async (din: string): Promise<string> => {
    const people = ledgerPeople(loadTopology());
    try {
      return ((await people.query('StationA', 'stationqa1', 'Donation', 'GetDonation', din)) as { status: string }).status;
    } catch (error) {
      if (/NOT_FOUND/.test(ledgerErrorMessage(error))) return 'NOT_FOUND';
      throw error;
    } finally {
      people.close();
    }
  };

  it('offers the collector no destruction: it is the custodian QA’s signed act', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    await page.goto(`/donations/${rejected}`);
    await page.getByText('Electronic signatures').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('destruction-form').count()).to.equal(0);
    await page.close();
  });

  it('destroys nothing on a wrong password, then destroys the rejected bag with the QA’s signature', async function () {
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.goto(`/donations/${rejected}`);
    const form = page.getByTestId('destruction-form');
    await form.waitFor({ timeout: 60_000 });
    await form.getByText('Destroy the bag').click();
    await page.getByLabel('Method').fill('autoclave then incineration');
    await page.getByLabel('Reason').fill('HBsAg repeat reactive');
    await page.getByRole('button', { name: 'Sign and destroy…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).to.contain('HBsAg repeat reactive');

    await page.getByLabel('Enter your password again to sign').fill('not-the-password-1');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('alert').innerText()).to.contain('the password does not match');
    expect(await statusOf(rejected), 'nothing destroyed on a wrong password').to.equal('rejected');

    await page.getByLabel('Enter your password again to sign').fill(demoPerson(explorer.people, 'StationA', 'stationqa1').password);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText('autoclave then incineration: HBsAg repeat reactive').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('destruction-form').count(), 'a destroyed bag is not destroyed again').to.equal(0);
    expect(await page.getByText('Destruction approved').count(), 'the signature shown with its meaning').to.be.greaterThan(0);
    await page.close();

    const onLedger = await stationQa<{ donation: { status: string; destruction: { signature: { signerName: string; meaning: string } } } }>(
      'query ($din: String!) { donation(din: $din) { status destruction { signature { signerName meaning } } } }',
      { din: rejected },
    );
    expect(onLedger.donation.status).to.equal('destroyed');
    expect(onLedger.donation.destruction.signature).to.deep.equal({ signerName: 'stationqa1', meaning: 'destruction' });
  });

  it('records a late entry with the station QA’s reason and signature, and the bag shows both', async function () {
    const lateEntryHours = DEFAULT_RULES.CN!.lateEntryHours;
    const din = newDin(facility());
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.goto('/station/donations/new');
    await page.getByRole('heading', { name: 'Record a late donation' }).waitFor({ timeout: 60_000 });
    const ended = new Date(Date.now() - (lateEntryHours + 24) * HOUR_MS);
    const local = (at: Date): string => new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    const input = donation(din);
    await page.getByLabel('DIN').fill(din);
    await page.getByLabel('Donor pseudonym').fill(String(input.donorPseudonym));
    await page.getByLabel('Collection start').fill(local(new Date(ended.getTime() - 45 * 60_000)));
    await page.getByLabel('Collection end').fill(local(ended));
    await page.getByLabel('Volume (mL)').fill('600');
    await page.getByLabel('Apheresis device serial').fill('PCS2-0042');
    await page.getByLabel('Anticoagulant / bag-set lot').fill('ACD-24117');
    await page.getByLabel('Why it comes late').fill('scanner offline during the power cut; recorded from the paper log');
    await page.getByRole('button', { name: 'Sign and record late entry…' }).click();
    await page.getByLabel('Enter your password again to sign').fill(demoPerson(explorer.people, 'StationA', 'stationqa1').password);
    await page.getByRole('dialog').getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByTestId('recorded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('recorded').innerText()).to.contain('recorded');
    await page.close();

    const recorded = await eventually(
      () =>
        stationQa<{ donation: { lateEntry: { reason: string; signature: { signerName: string; meaning: string } } | null } | null }>(
          'query ($din: String!) { donation(din: $din) { lateEntry { reason signature { signerName meaning } } } }',
          { din: din.slice(0, 13) },
        ),
      (answer) => answer.donation !== null,
      120,
    );
    expect(recorded.donation?.lateEntry).to.deep.equal({
      reason: 'scanner offline during the power cut; recorded from the paper log',
      signature: { signerName: 'stationqa1', meaning: 'late-entry' },
    });
  });

  it('refuses a late entry from the collector before any password is checked: the station QA signs it', async function () {
    // A wrong password: were it checked first, the refusal would say so.
    const collector = await graphqlAs(explorer, 'StationA', 'collector1');
    const ended = Date.now() - (DEFAULT_RULES.CN!.lateEntryHours + 24) * HOUR_MS;
    const din = newDin(facility());
    const input = donation(din, {
      collectionStart: new Date(ended - 45 * 60_000).toISOString(),
      collectionEnd: new Date(ended).toISOString(),
    });
    let refusal = '';
    try {
      await collector(
        'mutation ($input: DonationInput!, $lateEntry: ReasonInput!, $password: String!) { recordLateDonation(input: $input, lateEntry: $lateEntry, password: $password) { din } }',
        { input, lateEntry: { reason: 'paper record' }, password: 'not the collector password' },
      );
    } catch (error) {
      refusal = String(error);
    }
    expect(refusal).to.contain('a late-entry signature is given by a person with role station-qa; collector1 of StationA is collector');
    expect(await statusOf(din.slice(0, 13))).to.equal('NOT_FOUND');
  });
});
