// The factory's laboratory in Chromium against the running network (issue 14, QC results with OOS investigation and
// the receipt re-test): QC records a closed pool's NAT with its raw data file, which the ledger cites by the file's
// SHA-256; a failing result opens an OOS investigation, which QC closes as invalidated with root cause and CAPA; a
// failing re-test of a received bag rejects or holds it, as the jurisdiction's rules say. No one else is offered the forms.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { DEFAULT_RULES } from '@plasma/chaincode';
import { loadTopology } from '@plasma/network';
import { closedPoolOnLedger, ledgerPeople, newDin, releasedBagsOnLedger } from '@plasma/testkit';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

type Page = Awaited<ReturnType<ExplorerSession['signIn']>>;
type Scope = ReturnType<Page['getByTestId']>;

interface LedgerResult {
  readonly resultId: string;
  readonly analyte: string;
  readonly conclusion: string;
  readonly rawDataHash: string;
  readonly investigation?: { readonly status: string; readonly rootCause?: string };
}

const run = randomBytes(3).toString('hex').toUpperCase();
const [FIRST, SECOND] = DEFAULT_RULES.CN!.mandatoryTests.pool as [string, string];
const RAW_DATA = Buffer.from(`sample,analyte,ct\nP-${run},${FIRST},undetermined\n`, 'utf8');

describe('explorer laboratory results in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const poolDin = newDin('G2001');
  let bag: string;

  before(async function () {
    explorer = await openExplorer();
    const people = ledgerPeople(loadTopology());
    try {
      await closedPoolOnLedger(people, `G1001-SHP-LABP${run}`, poolDin);
      [bag] = (await releasedBagsOnLedger(people, `G1001-SHP-LABR${run}`)) as [string];
    } finally {
      people.close();
    }
  });
  after(async function () {
    await explorer?.close();
  });

  /** What the ledger holds of `kind` `id`'s results now (the projection is a block behind). */
  const resultsOnLedger = async (kind: string, id: string): Promise<LedgerResult[]> => {
    const people = ledgerPeople(loadTopology());
    try {
      return (await people.query('Factory', 'qa1', 'TestResult', 'ListTestResults', kind, id)) as LedgerResult[];
    } finally {
      people.close();
    }
  };

  /** Fills and sends the form in `scope` (its details opened) for `analyte`, `conclusion`, with the raw data file. */
  async function recordResult(scope: Scope, analyte: string, conclusion: 'pass' | 'fail', result: string): Promise<void> {
    await scope.getByText('Record a result').click();
    await scope.getByLabel('Analyte', { exact: true }).fill(analyte);
    await scope.getByLabel('Method', { exact: true }).fill('cobas 6800 NAT');
    await scope.getByLabel('Result as reported').fill(result);
    await scope.getByLabel('Specification', { exact: true }).fill('not detected');
    await scope.getByLabel('Conclusion', { exact: true }).selectOption(conclusion);
    await scope.getByLabel('Laboratory', { exact: true }).fill('QC virology');
    await scope.getByLabel('Instrument', { exact: true }).fill('cobas-6800-01');
    await scope.getByLabel('Raw data file').setInputFiles({ name: 'nat-run.csv', mimeType: 'text/csv', buffer: RAW_DATA });
    await scope.getByRole('button', { name: 'Record the result' }).click();
  }

  it("offers no result to record on a pool to the regulator (whose laboratory tests lots) or an inspector, nor to the bag's station", async function () {
    for (const username of ['regulator1', 'inspector1']) {
      const regulator = await explorer.signIn('Regulator', username);
      await regulator.goto(`/pools/${poolDin}`);
      await regulator.getByRole('heading', { name: 'NAT results' }).waitFor({ timeout: 60_000 });
      await regulator.getByText('No NAT result is recorded for this pool.').waitFor({ timeout: 60_000 });
      expect(await regulator.getByText('Record a result').count(), username).to.equal(0);
      await regulator.close();
    }

    const station = await explorer.signIn('StationA', 'stationqa1');
    await station.goto(`/donations/${bag}`);
    await station.getByText('No re-test is recorded for this bag.').waitFor({ timeout: 60_000 });
    expect(await station.getByText('Record a result').count()).to.equal(0);
    await station.close();
  });

  it("records a pool's NAT with its raw data file, which the ledger cites by the file's SHA-256", async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/pools/${poolDin}`);
    const form = page.getByTestId(/^record-test-result-/);
    await form.waitFor({ timeout: 60_000 });
    await recordResult(form, FIRST, 'pass', 'not detected');
    await page.getByTestId('test-result').filter({ hasText: FIRST }).waitFor({ timeout: 60_000 });

    const recorded = (await resultsOnLedger('pool', poolDin)).find((r) => r.analyte === FIRST);
    expect(recorded?.conclusion).to.equal('pass');
    expect(recorded?.rawDataHash).to.equal(createHash('sha256').update(RAW_DATA).digest('hex'));
    await page.close();
  });

  it('opens an OOS investigation on a failing result, which QC closes as invalidated with root cause and CAPA', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/pools/${poolDin}`);
    const form = page.getByTestId(/^record-test-result-/);
    await form.waitFor({ timeout: 60_000 });
    await recordResult(form, SECOND, 'fail', 'detected, Ct 31');
    const row = page.getByTestId('test-result').filter({ hasText: SECOND });
    await row.getByText('OOS open').waitFor({ timeout: 60_000 });

    await row.getByText('Close the investigation').first().click();
    await row.getByLabel('Outcome').selectOption('invalidated');
    await row.getByLabel('Root cause').fill('cross-contamination from the positive control');
    await row.getByLabel('CAPA').fill('control placed last on the rack; analyst retrained');
    await row.getByRole('button', { name: 'Close the investigation' }).click();
    await row.getByText('OOS invalidated').waitFor({ timeout: 60_000 });

    const closed = (await resultsOnLedger('pool', poolDin)).find((r) => r.analyte === SECOND);
    expect(closed?.investigation).to.deep.include({ status: 'invalidated', rootCause: 'cross-contamination from the positive control' });
    await page.close();
  });

  it("rejects or holds a received bag on a failing re-test at the factory, as the jurisdiction's rules say", async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/donations/${bag}`);
    const form = page.getByTestId(/^record-test-result-/);
    await form.waitFor({ timeout: 60_000 });
    await recordResult(form, 'anti-HCV', 'fail', 'repeat reactive');
    await page.getByTestId('test-result').filter({ hasText: 'anti-HCV' }).waitFor({ timeout: 60_000 });

    const people = ledgerPeople(loadTopology());
    try {
      // StationA's bag: the CN rules decide (reject by default).
      const { failedRetest } = (await people.query('Factory', 'qa1', 'RuleSet', 'GetRuleSet', 'CN')) as { failedRetest: string };
      const expected = failedRetest === 'reject' ? 'rejected' : 'on-hold';
      const donation = (await people.query('Factory', 'qa1', 'Donation', 'GetDonation', bag)) as { status: string };
      expect(donation.status).to.equal(expected);
      await page.locator('main').getByText(expected, { exact: true }).first().waitFor({ timeout: 60_000 });
    } finally {
      people.close();
    }
    await page.close();
  });
});
