// Look-back requests in Chromium against the running network (issue 14, every workflow in the explorer): an inspector,
// who may not open a look-back, asks for one on a donor; the request waits where everyone sees it, with no decision
// offered to the inspector; the QA of the station that collected from the donor confirms it, which runs the look-back
// to its report with the donor's bag interdicted. A second request the regulator declines with a reason, and it stops
// waiting. The complete case waits in the case list for the regulator, who concludes it with a signature (a wrong
// password concludes nothing; an inspector is not offered it).
import { expect } from 'chai';
import { loadTopology } from '@plasma/network';
import { eventually, ledgerPeople, pseudonym } from '@plasma/testkit';
import { demoPerson } from './support/demo-people';
import { graphqlAs, type Ask } from './support/graphql-as';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { collectedBag } from './support/station-bags';

type Page = Awaited<ReturnType<ExplorerSession['signIn']>>;

describe('explorer look-back requests in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  let regulator: Ask;
  const donor = pseudonym();
  let din: string;
  /** The inspector's request on `donor`, which the station's QA confirms. */
  let requestId: string;
  /** The case the confirmation opened. */
  let caseId: string;

  before(async function () {
    explorer = await openExplorer();
    regulator = await graphqlAs(explorer, 'Regulator', 'regulator1');
    din = await collectedBag(explorer, { donorPseudonym: donor });
  });
  after(async function () {
    await explorer?.close();
  });

  /** Asks, as the signed-in inspector, for a look-back on `on`; answers the request's id as the page names it. */
  async function ask(page: Page, on: string, why: string): Promise<string> {
    await page.goto('/look-backs');
    await page.getByLabel('Donor pseudonym').fill(on);
    await page.getByLabel('Why').fill(why);
    await page.getByRole('button', { name: 'Ask for a look-back' }).click();
    const asked = page.getByTestId('look-back-asked');
    await asked.waitFor({ timeout: 60_000 });
    return /Asked as (LR-\S+):/.exec(await asked.innerText())![1]!;
  }

  it('lets an inspector ask for a look-back, which waits for a decision the inspector is not offered', async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    requestId = await ask(page, donor, 'explorer test: a recipient of this donor seroconverted');
    const waiting = page.getByTestId(`look-back-request-${requestId}`);
    await waiting.waitFor({ timeout: 60_000 });
    expect(await waiting.innerText())
      .to.contain('a recipient of this donor seroconverted')
      .and.to.contain('inspector1');
    expect(await waiting.getByRole('button', { name: 'Confirm and run the look-back' }).count()).to.equal(0);
    await page.close();
  });

  it("lets the donor's station QA confirm it, which runs the look-back and interdicts the donor's bag", async function () {
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.goto('/look-backs');
    const request = page.getByTestId(`look-back-request-${requestId}`);
    await request.waitFor({ timeout: 60_000 });
    await request.getByRole('button', { name: 'Confirm and run the look-back' }).click();
    await page.waitForURL('**/look-backs/LB-*', { timeout: 120_000 });
    caseId = decodeURIComponent(/\/look-backs\/(LB-[^/?#]+)/.exec(page.url())![1]!);
    await page.getByTestId('affected-donations').getByText('inside: interdicted').waitFor({ timeout: 30_000 });
    const status = await eventually(
      () =>
        regulator<{ donation: { status: string } | null }>('query ($din: String!) { donation(din: $din) { status } }', {
          din,
        }),
      (answer) => answer.donation?.status === 'interdicted',
      120,
    );
    expect(status.donation?.status).to.equal('interdicted');
    await page.close();
  });

  it('lets the regulator decline another request with a reason, and it stops waiting', async function () {
    const inspector = await explorer.signIn('Regulator', 'inspector1');
    const declined = await ask(inspector, pseudonym(), 'explorer test: a request to decline');
    await inspector.close();

    const page = await explorer.signIn('Regulator', 'regulator1');
    await page.goto('/look-backs');
    const request = page.getByTestId(`look-back-request-${declined}`);
    await request.waitFor({ timeout: 60_000 });
    await request.getByRole('button', { name: 'Decline' }).click();
    await request.getByRole('textbox').fill('the recipient was infected elsewhere');
    await request.getByRole('button', { name: 'Decline' }).last().click();
    await page.waitForFunction((id) => document.querySelector(`[data-testid="look-back-request-${id}"]`) === null, declined, {
      timeout: 60_000,
    });
    const { lookBackRequest } = await regulator<{ lookBackRequest: { status: string; declineReason: string } }>(
      'query ($id: String!) { lookBackRequest(requestId: $id) { status declineReason } }',
      { id: declined },
    );
    expect(lookBackRequest).to.deep.equal({ status: 'declined', declineReason: 'the recipient was infected elsewhere' });
    await page.close();
  });

  /** The case's conclusion as the ledger holds it now (the projection is a block behind). */
  const conclusionOnLedger = async (): Promise<{ outcome: string; signature: { signerName: string; meaning: string } } | undefined> => {
    const people = ledgerPeople(loadTopology());
    try {
      const answer = (await people.query('Regulator', 'regulator1', 'LookBack', 'GetLookBackCase', caseId)) as {
        case: { conclusion?: { outcome: string; signature: { signerName: string; meaning: string } } };
      };
      return answer.case.conclusion;
    } finally {
      people.close();
    }
  };

  it('offers an inspector no conclusion of the complete case: it is the regulator’s signed act', async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.goto(`/look-backs/${caseId}`);
    await page.getByTestId('look-back-report').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('conclude-look-back').count()).to.equal(0);
    await page.close();
  });

  it('lists the case as waiting for the regulator, who concludes it with a signature; a wrong password concludes nothing', async function () {
    const page = await explorer.signIn('Regulator', 'regulator1');
    await page.goto('/look-backs');
    const row = page.getByTestId('look-back-cases').getByRole('row').filter({ hasText: caseId });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.innerText()).to.contain('waiting for the regulator');
    await row.getByRole('link', { name: caseId }).click();

    const form = page.getByTestId('conclude-look-back');
    await form.waitFor({ timeout: 60_000 });
    await form.getByLabel('Outcome').selectOption('confirmed');
    await form.getByLabel('Reason').fill('explorer test: the confirmatory test was positive');
    await form.getByRole('button', { name: 'Sign the conclusion…' }).click();
    const dialog = page.getByRole('dialog');
    await page.getByLabel('Enter your password again to sign').fill('not-the-password-1');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await dialog.getByRole('alert').innerText()).to.contain('the password does not match');
    expect(await conclusionOnLedger(), 'nothing concluded on a wrong password').to.equal(undefined);

    await page.getByLabel('Enter your password again to sign').fill(demoPerson(explorer.people, 'Regulator', 'regulator1').password);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    // The page reads the case again once the projection holds the conclusion; a concluded case is not offered again.
    await form.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.getByTestId('look-back-report').innerText())
      .to.contain('confirmed')
      .and.to.contain('explorer test: the confirmatory test was positive');
    const conclusion = await conclusionOnLedger();
    expect(conclusion?.outcome).to.equal('confirmed');
    expect(conclusion?.signature).to.deep.include({ signerName: 'regulator1', meaning: 'look-back-conclusion' });

    await page.goto('/look-backs');
    await page.getByLabel('Which cases').selectOption('concluded');
    const concluded = page.getByTestId('look-back-cases').getByRole('row').filter({ hasText: caseId });
    await concluded.waitFor({ timeout: 60_000 });
    expect(await concluded.innerText()).to.contain('confirmed');
    await page.close();
  });
});
