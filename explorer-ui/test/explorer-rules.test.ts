// The governed rules in Chromium against the running network (issue 14, rule-set changes): every member reads each
// jurisdiction's rules; an inspector is offered no change; the regulator changes QSEAL's look-back window, signing the
// change with their password entered again, and the ledger holds the new version with the signature (endorsed by the
// regulator's and the factory's peers, the rule set's key-level policy). A rule out of its range is refused, naming
// it, with nothing changed. The test puts the window back as it found it, through the same mutation.
import { expect } from 'chai';
import { loadTopology } from '@plasma/network';
import { ledgerPeople } from '@plasma/testkit';
import { demoPerson } from './support/demo-people';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { graphqlAs } from './support/graphql-as';

/** QSEAL: StationB's jurisdiction, whose look-back window no other test depends on. */
const JURISDICTION = 'QSEAL';

interface LedgerRuleSet {
  readonly version: number;
  readonly lookBackWindowDays: number;
  readonly storageLimitC: number;
  readonly reason: string;
  readonly approval?: { readonly signerName: string; readonly meaning: string };
  readonly [rule: string]: unknown;
}

describe('explorer governed rules in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  /** The rule set as the test found it. */
  let found: LedgerRuleSet;

  /** The rule set as the ledger holds it now (the projection is a block behind). */
  const onLedger = async (): Promise<LedgerRuleSet> => {
    const people = ledgerPeople(loadTopology());
    try {
      return (await people.query('Regulator', 'inspector1', 'RuleSet', 'GetRuleSet', JURISDICTION)) as LedgerRuleSet;
    } finally {
      people.close();
    }
  };

  before(async function () {
    explorer = await openExplorer();
    found = await onLedger();
  });
  // The window is put back whatever the cases did.
  after(async function () {
    try {
      const now = await onLedger();
      if (now.lookBackWindowDays !== found.lookBackWindowDays) {
        const regulator = await graphqlAs(explorer, 'Regulator', 'regulator1');
        const { jurisdiction: _j, version, reason: _r, approval: _a, lastChange: _l, ...rules } = now;
        await regulator(
          'mutation ($j: String!, $change: RuleChangeInput!, $password: String!) { changeRuleSet(jurisdiction: $j, change: $change, password: $password) { version } }',
          {
            j: JURISDICTION,
            change: {
              fromVersion: version,
              rules: { ...rules, lookBackWindowDays: found.lookBackWindowDays },
              reason: 'explorer test: the window put back',
            },
            password: demoPerson(explorer.people, 'Regulator', 'regulator1').password,
          },
        );
      }
    } finally {
      await explorer?.close();
    }
  });

  it("shows every member each jurisdiction's rules, and offers an inspector no change", async function () {
    const page = await explorer.signIn('Regulator', 'inspector1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Rules' }).click();
    const rules = page.getByTestId(`rule-set-${JURISDICTION}`);
    await rules.waitFor({ timeout: 60_000 });
    expect(await rules.innerText()).to.contain(`${found.lookBackWindowDays} days`);
    expect(await page.getByTestId('rule-set-CN').count()).to.equal(1);
    expect(await page.getByTestId(`change-rules-${JURISDICTION}`).count()).to.equal(0);
    await page.close();
  });

  it('lets the regulator change a rule with their signature; a rule out of its range is refused, naming it, and changes nothing', async function () {
    const page = await explorer.signIn('Regulator', 'regulator1');
    await page.goto('/rules');
    const change = page.getByTestId(`change-rules-${JURISDICTION}`);
    await change.waitFor({ timeout: 60_000 });
    await change.locator('summary').click();
    const password = demoPerson(explorer.people, 'Regulator', 'regulator1').password;
    const dialog = page.getByRole('dialog');

    // Storage above -5 °C is outside the rule's range: the ledger's refusal is shown beside the rule, the dialog closed.
    await change.getByLabel('Frozen plasma kept at or below (°C)').fill('-2');
    await change.getByLabel('Reason for the change').fill('explorer test: a storage limit too warm');
    await change.getByRole('button', { name: 'Sign the change…' }).click();
    await page.getByLabel('Enter your password again to sign').fill(password);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    const problem = page.locator(`#rules-${JURISDICTION}-storageLimitC-problem`);
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.innerText()).to.match(/-80|-5/);
    expect(await dialog.count(), 'the dialog closes on a refused rule').to.equal(0);
    expect((await onLedger()).version, 'nothing changed on a refused rule').to.equal(found.version);

    const longer = found.lookBackWindowDays + 30;
    await change.getByLabel('Frozen plasma kept at or below (°C)').fill(String(found.storageLimitC));
    await change.getByLabel('Look-back window (days)').fill(String(longer));
    await change.getByLabel('Reason for the change').fill('explorer test: a longer look-back window');
    await change.getByRole('button', { name: 'Sign the change…' }).click();
    await page.getByLabel('Enter your password again to sign').fill(password);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByRole('heading', { name: `${JURISDICTION}, version ${found.version + 1}` }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId(`rule-set-${JURISDICTION}`).innerText()).to.contain(`${longer} days`);

    const changed = await onLedger();
    expect(changed).to.deep.include({
      version: found.version + 1,
      lookBackWindowDays: longer,
      reason: 'explorer test: a longer look-back window',
    });
    expect(changed.approval).to.deep.include({ signerName: 'regulator1', meaning: 'rule-change' });
    await page.close();
  });
});
