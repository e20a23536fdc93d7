// An organisation's admin managing its people in Chromium against the running network: adding a person, giving a
// one-time reset code, making them a kiosk account and not, disabling them (each act then in the security log, whose
// chain holds), approving a further device of a person who lost the one she held, and revoking a station operator's
// browser key; no one else is offered the page.
import { randomBytes, webcrypto } from 'node:crypto';
import { expect } from 'chai';
import { graphqlClient, operation } from '@plasma/demo';
import { approvalCodeOf, certificateRequest, newDeviceKeys } from '@plasma/explorer-ui/device-key';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { graphqlAs } from './support/graphql-as';

describe('explorer people administration in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;

  before(async function () {
    explorer = await openExplorer();
  });
  after(async function () {
    await explorer?.close();
  });

  it('lets the admin add a person, give them a reset code and disable them, each shown in the list', async function () {
    const username = `clerk-${randomBytes(3).toString('hex')}`;
    const page = await explorer.signIn('StationA', 'admin');
    expect(await page.getByTestId('key-holder').innerText()).to.equal('Signs with the key the gateway keeps');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'People' }).click();
    await page.getByTestId('person-collector1').waitFor();
    expect(await page.getByTestId('person-collector1').innerText()).to.contain('Station operator');

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Full name').fill('Clerk of the day');
    await page.getByLabel('Role of the new person').selectOption('collector');
    await page.getByLabel('First password (they replace it)').fill('a first password to replace');
    await page.getByRole('button', { name: 'Add person' }).click();
    const row = page.getByTestId(`person-${username}`);
    await row.waitFor();
    expect(await page.getByTestId('people-notice').innerText()).to.contain(`${username} is registered with the CA`);
    expect(await row.innerText()).to.contain('Must choose a password');

    await row.getByRole('button', { name: 'Reset password' }).click();
    await page.getByTestId('people-notice').getByText('One-time code').waitFor();
    expect(await page.getByTestId('people-notice').innerText()).to.match(new RegExp(`One-time code for ${username}: [A-Za-z0-9_-]{20}`));

    // A kiosk account: the gateway's key signs for them whatever devices they hold; recorded, and undone the same way.
    expect(await row.innerText()).to.contain("the gateway's key signs for them until they enrol one");
    await row.getByRole('button', { name: 'Make kiosk account' }).click();
    await row.getByText("kiosk account: the gateway's key signs for them").waitFor();
    expect(await page.getByTestId('people-notice').innerText()).to.contain(`${username} is a kiosk account`);
    await row.getByRole('button', { name: 'End kiosk account' }).click();
    await row.getByRole('button', { name: 'Make kiosk account' }).waitFor();

    await row.getByLabel(`Role of ${username}`).selectOption('station-qa');
    await row.getByRole('button', { name: 'Change role' }).click();
    await page.getByTestId('people-notice').getByText(`${username} is now Station QA`).waitFor({ timeout: 60_000 });
    expect(await row.getByLabel(`Role of ${username}`).inputValue()).to.equal('station-qa');

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    expect(await row.getByRole('button', { name: 'Enable' }).count()).to.equal(1);

    // Each act is in the security log below, whose hash chain holds.
    const log = page.getByTestId('security-log');
    await log
      .getByRole('row')
      .filter({ hasText: 'person-disabled' })
      .filter({ hasText: `StationA/${username}` })
      .first()
      .waitFor();
    for (const event of ['person-created', 'password-reset-issued', 'kiosk-account-set', 'kiosk-account-ended', 'role-changed']) {
      expect(
        await log
          .getByRole('row')
          .filter({ hasText: event })
          .filter({ hasText: `StationA/${username}` })
          .count(),
      ).to.equal(1);
    }
    await page.getByRole('button', { name: 'Check the hash chain' }).click();
    await page.getByTestId('security-log-check').waitFor();
    expect(await page.getByTestId('security-log-check').innerText()).to.match(/The hash chain holds over all \d+ entries/);
    await page.close();
  });

  it("revokes a station operator's browser key from the list", async function () {
    const collector = await explorer.signIn('StationA', 'collector1');
    const ask = await graphqlAs(explorer, 'StationA', 'collector1');
    const { me } = await ask<{ me: { devices: { id: string; label: string; revokedAt: string | null }[] } }>(
      '{ me { devices { id label revokedAt } } }',
    );
    const live = me.devices.filter((d) => d.revokedAt === null);
    expect(live.length).to.be.greaterThan(0);
    const newest = live[live.length - 1]!;

    const admin = await explorer.signIn('StationA', 'admin');
    await admin.goto('/people');
    await admin.getByTestId(`device-${newest.id}`).getByRole('button', { name: 'Revoke' }).click();
    await admin.getByTestId('people-notice').getByText('is revoked at the CA and in the channel').waitFor({ timeout: 60_000 });
    const after = await ask<{ me: { devices: { id: string; revokedAt: string | null }[] } }>('{ me { devices { id revokedAt } } }');
    expect(after.me.devices.find((d) => d.id === newest.id)?.revokedAt).to.be.a('string');
    await admin.close();
    await collector.close();
  });

  it('approves a further device of a person who holds one no longer, the code shown as her new browser shows it', async function () {
    const admin = await graphqlAs(explorer, 'StationA', 'admin');
    const username = `lost-phone-${randomBytes(3).toString('hex')}`;
    const chosenByAdmin = `${randomBytes(9).toString('base64url')}!`;
    await admin('mutation ($input: NewPersonInput!) { createPerson(input: $input) { username } }', {
      input: { org: 'StationA', username, displayName: 'Zhao Min', role: 'collector', password: chosenByAdmin },
    });
    // She chooses her password, enrols her phone, loses it; her new phone's key is requested (Node's WebCrypto here).
    const gateway = graphqlClient(explorer.gatewayOf('StationA').url);
    const ask = <T>(token: string, query: string, variables: Record<string, unknown> = {}) =>
      gateway.request(operation<T, Record<string, unknown>>(query), variables, token);
    await ask(
      await gateway.login('StationA', username, chosenByAdmin),
      'mutation ($o: String!) { changePassword(oldPassword: $o, newPassword: "her own long password") }',
      {
        o: chosenByAdmin,
      },
    );
    const own = await gateway.login('StationA', username, 'her own long password');
    const crypto = webcrypto as Crypto;
    const enrol = 'mutation ($csr: String!) { enrolDevice(label: "first phone", certificateRequest: $csr) { id } }';
    const lost = await ask<{ enrolDevice: { id: string } }>(own, enrol, {
      csr: await certificateRequest(await newDeviceKeys(crypto), username, crypto),
    });
    await admin('mutation ($id: ID!) { revokeDevice(deviceId: $id) { id } }', { id: lost.enrolDevice.id });
    const csr = await certificateRequest(await newDeviceKeys(crypto), username, crypto);
    await ask(own, 'mutation ($csr: String!) { requestDevice(label: "new phone", certificateRequest: $csr) { id } }', { csr });

    const page = await explorer.signIn('StationA', 'admin');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'People' }).click();
    const request = page.getByTestId(`device-request-${await approvalCodeOf(csr, crypto)}`);
    expect(await request.innerText()).to.contain('new phone');
    await request.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('people-notice').getByText(`${username}'s device "new phone"`).waitFor({ timeout: 60_000 });
    const { me } = await ask<{ me: { devices: { label: string; revokedAt: string | null }[] } }>(
      own,
      '{ me { devices { label revokedAt } } }',
    );
    expect(me.devices.filter((d) => d.revokedAt === null).map((d) => d.label)).to.deep.equal(['new phone']);
    await page.getByTestId('security-log').getByText('device-approved').first().waitFor();
    await page.close();
  });

  it('offers the page to no one but the admin', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'People' }).count()).to.equal(0);
    await page.goto('/people');
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not load the people' });
    await refusal.waitFor();
    expect(await refusal.innerText()).to.contain('only an organisation');
    expect(await page.getByRole('alert').filter({ hasText: 'Could not load the security log' }).innerText()).to.contain(
      "the security log is for the organisation's admin",
    );
    await page.close();
  });
});
