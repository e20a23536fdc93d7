// Signing in the browser (issue 13), in Chromium against the running network: at sign-in the explorer makes the
// person's key with WebCrypto (non-extractable, kept in IndexedDB), enrols it through the gateway, and from then on
// signs every step of every mutation itself; the ledger records the transaction under that device's certificate. A
// second sign-in in the same browser reuses the key; a revoked device is replaced by a new one; the person's own page
// lists their keys and revokes one; a further browser of a person who holds a key waits, showing a code, until the
// browser that holds it approves it.
import { randomBytes, randomInt, webcrypto } from 'node:crypto';
import { expect } from 'chai';
import { computeDinCheckCharacter } from '@plasma/chaincode';
import { loadTopology } from '@plasma/network';
import { graphqlClient, operation } from '@plasma/demo';
import { eventually, ledgerPeople, transactionCreator } from '@plasma/testkit';
import type { Page } from 'playwright-core';
import { openExplorer, type ExplorerSession } from './support/explorer-session';
import { graphqlAs, type Ask } from './support/graphql-as';
import { certificateRequest, newDeviceKeys } from '../src/signing/device-key';

interface DeviceRow {
  readonly id: string;
  readonly certificate: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const DEVICES = '{ me { devices { id certificate lastUsedAt revokedAt } } }';

/** What the explorer stored in this browser's IndexedDB for the person, and whether its private key can be exported. */
const storedKey = (page: Page, owner: string) =>
  page.evaluate(async (key) => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('plasma-signing');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('no database'));
    });
    const stored = await new Promise<{ deviceId: string; keys: CryptoKeyPair } | undefined>((resolve, reject) => {
      const request = database.transaction('devices').objectStore('devices').get(key);
      request.onsuccess = () => resolve(request.result as { deviceId: string; keys: CryptoKeyPair } | undefined);
      request.onerror = () => reject(request.error ?? new Error('no key'));
    });
    database.close();
    if (!stored) return undefined;
    const exported = await crypto.subtle.exportKey('pkcs8', stored.keys.privateKey).then(
      () => 'exported',
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    return { deviceId: stored.deviceId, extractable: stored.keys.privateKey.extractable, exported };
  }, owner);

describe('explorer signing in the browser with its own key, in Chromium', function () {
  this.timeout(300_000);
  let explorer: ExplorerSession;
  let ask: Ask;
  const people = ledgerPeople(loadTopology());

  before(async function () {
    explorer = await openExplorer();
    ask = await graphqlAs(explorer, 'StationA', 'collector1');
    // Devices earlier runs enrolled: revoked, so that this browser's is the one live device.
    const { me } = await ask<{ me: { devices: DeviceRow[] } }>(DEVICES);
    for (const device of me.devices.filter((d) => d.revokedAt === null)) {
      await ask('mutation ($id: ID!) { revokeDevice(deviceId: $id) { id } }', { id: device.id });
    }
  });
  after(async function () {
    people.close();
    await explorer?.close();
  });

  it('makes and enrols a key that cannot be exported, records a donation signed with it, and the ledger names its certificate', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    expect(await page.getByTestId('key-holder').innerText()).to.equal("Signs with this browser's key");
    const stored = await storedKey(page, 'StationA/collector1');
    expect(stored).to.deep.include({ extractable: false, exported: 'InvalidAccessError' });

    const live = (await ask<{ me: { devices: DeviceRow[] } }>(DEVICES)).me.devices.filter((d) => d.revokedAt === null);
    expect(live.map((d) => d.id)).to.deep.equal([stored!.deviceId]);

    const din = `G1001${String(new Date().getUTCFullYear() % 100).padStart(2, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    await page.goto('/station/donations/new');
    await page.getByLabel('DIN').fill(`${din}${computeDinCheckCharacter(din)}`);
    await page.getByLabel('Donor pseudonym').fill(randomBytes(32).toString('hex'));
    await page.getByLabel('Volume (mL)').fill('600');
    await page.getByLabel('Apheresis device serial').fill('PCS2-0042');
    await page.getByLabel('Anticoagulant / bag-set lot').fill('ACD-24117');
    await page.getByRole('button', { name: 'Record donation' }).click();
    await page.getByTestId('recorded').getByRole('link').first().waitFor({ timeout: 60_000 });

    // The explorer reads from the organisation's projection, which the indexer writes a moment after the commit.
    const { donation } = await eventually(
      () => ask<{ donation: { recordedTxId: string } | null }>('query ($din: String!) { donation(din: $din) { recordedTxId } }', { din }),
      (answer) => answer.donation !== null,
    );
    const creator = await transactionCreator(people.as('StationA', 'collector1'), loadTopology().channel, donation!.recordedTxId);
    const device = (await ask<{ me: { devices: DeviceRow[] } }>(DEVICES)).me.devices.find((d) => d.id === stored!.deviceId)!;
    expect(creator).to.equal(device.certificate);
    expect(device.lastUsedAt).to.be.a('string');
    await page.close();
  });

  it('enrols a new key when the gateway has revoked the one this browser holds', async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    const first = (await storedKey(page, 'StationA/collector1'))!.deviceId;
    await ask('mutation ($id: ID!) { revokeDevice(deviceId: $id) { id } }', { id: first });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').fill(explorer.people.find((p) => p.org === 'StationA' && p.username === 'collector1')!.password);
    await page.getByLabel('Username').fill('collector1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    const second = (await storedKey(page, 'StationA/collector1'))!.deviceId;
    expect(second).not.to.equal(first);
    const live = (await ask<{ me: { devices: DeviceRow[] } }>(DEVICES)).me.devices.filter((d) => d.revokedAt === null).map((d) => d.id);
    expect(live).to.include(second).and.not.include(first);
    await page.close();
  });

  it("lists the person's own keys, this browser's among them, and revokes another from the page", async function () {
    const page = await explorer.signIn('StationA', 'collector1');
    const here = (await storedKey(page, 'StationA/collector1'))!.deviceId;
    const crypto = webcrypto as Crypto;
    const spare = await ask<{ enrolDevice: { id: string } }>(
      'mutation ($label: String!, $csr: String!) { enrolDevice(label: $label, certificateRequest: $csr) { id } }',
      {
        label: `spare phone ${randomBytes(2).toString('hex')}`,
        csr: await certificateRequest(await newDeviceKeys(crypto), 'collector1', crypto),
      },
    );
    await page.getByRole('link', { name: 'Your keys' }).click();
    const thisBrowser = page.getByTestId(`my-device-${here}`);
    await thisBrowser.waitFor();
    expect(await thisBrowser.innerText())
      .to.contain('(this browser)')
      .and.contain('signs here');
    expect(await thisBrowser.getByRole('button', { name: 'Revoke' }).count()).to.equal(0);

    const other = page.getByTestId(`my-device-${spare.enrolDevice.id}`);
    await other.getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('devices-notice').getByText('is revoked at the CA and in the channel').waitFor({ timeout: 60_000 });
    await other.getByText('revoked').waitFor();
    const live = (await ask<{ me: { devices: DeviceRow[] } }>(DEVICES)).me.devices.filter((d) => d.revokedAt === null).map((d) => d.id);
    expect(live).to.include(here).and.not.include(spare.enrolDevice.id);
    await page.close();
  });

  it("enrols a further browser's key only once a browser whose key signs for her approves it, both showing the same code", async () => {
    const admin = await graphqlAs(explorer, 'StationA', 'admin');
    const username = `two-browsers-${randomBytes(3).toString('hex')}`;
    const chosenByAdmin = `${randomBytes(9).toString('base64url')}!`;
    await admin('mutation ($input: NewPersonInput!) { createPerson(input: $input) { username } }', {
      input: { org: 'StationA', username, displayName: 'Wang Fang', role: 'collector', password: chosenByAdmin },
    });
    // Her own password, chosen at her first sign-in (explorer.test.ts does it on the page).
    const gateway = graphqlClient(explorer.gatewayOf('StationA').url);
    const own = 'her own long password';
    await gateway.request(
      operation<unknown, { old: string; new: string }>(
        'mutation ($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }',
      ),
      { old: chosenByAdmin, new: own },
      await gateway.login('StationA', username, chosenByAdmin),
    );

    const laptop = await explorer.signIn('StationA', username, own);
    await laptop.getByTestId('key-holder').getByText("Signs with this browser's key").waitFor();
    const phone = await explorer.signIn('StationA', username, own);
    const waiting = phone.getByTestId('key-holder');
    await waiting.getByText("This browser's key waits for approval").waitFor();
    const code = /code ((?:\w{4}-){3}\w{4})/.exec(await waiting.innerText())?.[1];
    expect(code, 'the code the new browser shows').to.be.a('string');

    // The browser whose key signs for her shows the request with the same code, and approves it.
    await laptop.getByRole('link', { name: 'Your keys' }).click();
    const request = laptop.getByTestId(`device-request-${code}`);
    await request.getByRole('button', { name: "Approve with this browser's key" }).click();
    await laptop.getByTestId('devices-notice').getByText('is enrolled').waitFor({ timeout: 60_000 });
    // The new browser learns of it within seconds and signs with its own key from then on.
    await phone.getByTestId('key-holder').getByText("Signs with this browser's key").waitFor({ timeout: 30_000 });
    const stored = await storedKey(phone, `StationA/${username}`);
    const token = await gateway.login('StationA', username, own);
    const { me } = await gateway.request(operation<{ me: { devices: DeviceRow[] } }, Record<string, never>>(DEVICES), {}, token);
    expect(me.devices.filter((d) => d.revokedAt === null).map((d) => d.id)).to.include(stored?.deviceId);
    expect(me.devices).to.have.length(2);
    await laptop.close();
    await phone.close();
  });
});
