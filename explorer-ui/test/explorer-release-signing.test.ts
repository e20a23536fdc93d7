// Signing a lot's QA release in Chromium against the running network: the QA reviewer signs a lot in process, and
// the signature, which waits in the gateway for the QP's, is still shown after a reload and to the QP in a tab of
// their own, as the gateway lists it (Query.lot), not only as the tab that signed remembers it.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { demoPerson } from './support/demo-people';
import { graphqlAs } from './support/graphql-as';
import { inProcessLotOnLedger } from './support/ledger-lot';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { eventually } from '@plasma/testkit';

describe('explorer release signing in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  const lotId = `EXP-${randomBytes(4).toString('hex').toUpperCase()}`;

  before(async function () {
    explorer = await openExplorer();
    await inProcessLotOnLedger(lotId);
    const ask = await graphqlAs(explorer, 'Factory', 'qa1');
    await eventually(
      () =>
        ask<{ lot: { lot: { status: string } } | null }>('query ($lotId: String!) { lot(lotId: $lotId) { lot { status } } }', { lotId }),
      (answer) => answer.lot?.lot.status === 'in-process',
      120,
    );
  });
  after(async function () {
    await explorer?.close();
  });

  it('shows the QA review signature waiting for the QP after a reload, and to the QP', async function () {
    const page = await explorer.signIn('Factory', 'qa1');
    await page.goto(`/lots/${lotId}/release`);
    const review = page.getByTestId('release-step-qa-review');
    await review.getByRole('button', { name: 'Sign the QA review' }).click();
    await page.getByLabel('Enter your password again to sign').fill(demoPerson(explorer.people, 'Factory', 'qa1').password);
    await page.getByRole('dialog').getByRole('button', { name: 'Sign', exact: true }).click();
    await review.getByTestId('signature-waiting').waitFor({ timeout: 60_000 });

    await page.reload();
    const waiting = page.getByTestId('release-step-qa-review').getByTestId('signature-waiting');
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.innerText()).to.contain('signed by qa1, waiting for the QP');
    expect(await page.getByRole('button', { name: 'Sign the QA review' }).count()).to.equal(0);
    await page.close();

    const qp = await explorer.signIn('Factory', 'qp1');
    await qp.goto(`/lots/${lotId}/release`);
    await qp.getByTestId('release-step-qa-review').getByTestId('signature-waiting').waitFor({ timeout: 30_000 });
    expect(await qp.getByTestId('release-step-qp-release').getByRole('button', { name: 'Sign the QP certification' }).count()).to.equal(1);
    await qp.close();
  });
});
