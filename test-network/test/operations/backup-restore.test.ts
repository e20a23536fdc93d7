// A backup of every organisation's part of this host, the host wiped (`npm run down -- --clean`), and the backup
// restored: a backup that was altered, or a wrong passphrase, is refused before anything is written; the restored
// consortium's every projected object equals the ledger, every anchored cold-chain window yields its root, and the next
// transaction commits and is projected. Runs last of the Raft network's tests (scripts/test.ts): it removes the network.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataHome, loadTopology, organisation } from '@plasma/network';
import { createPool, organisationDatabaseUrl } from '@plasma/platform';
import { backup, down, restore, type BackupManifest } from '@plasma/test-network';
import { gatewayUrl } from '@plasma/gateway-api';
import { demoPeopleOfAll, graphqlClient, operation } from '@plasma/demo';
import { donation, eventually, newDin } from '@plasma/testkit';

const topology = loadTopology();
const quiet = (): void => undefined;
const PASSPHRASE = 'a passphrase for the backup test';
const RECORD_DONATION = operation<{ recordDonation: { status: string } }, { input: Record<string, unknown> }>(
  'mutation ($input: DonationInput!) { recordDonation(input: $input) { status } }',
);
const DONATION = operation<{ donation: { status: string } | null }, { din: string }>(
  'query ($din: String!) { donation(din: $din) { status } }',
);

/** The SHA-256 of every document `org`'s database holds. */
async function documentHashes(org: string): Promise<string[]> {
  const pool = createPool(organisationDatabaseUrl(org), 1);
  try {
    return (await pool.query<{ sha256: string }>('SELECT sha256 FROM documents ORDER BY sha256')).rows.map((r) => r.sha256);
  } finally {
    await pool.end();
  }
}

async function rowCount(org: string, table: string): Promise<number> {
  const pool = createPool(organisationDatabaseUrl(org), 1);
  try {
    return Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);
  } finally {
    await pool.end();
  }
}

describe('backup and restore of this host', function () {
  this.timeout(900_000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'plasma-backup-'));
  const out = path.join(scratch, 'backup');
  let manifest: BackupManifest;
  const before = new Map<string, { objects: number; documents: string[]; people: number }>();
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("writes every organisation's part, its key-encryption key only sealed to the passphrase, each file in the manifest", async function () {
    for (const org of topology.organisations)
      before.set(org.name, {
        objects: await rowCount(org.name, 'ledger_state'),
        documents: await documentHashes(org.name),
        people: await rowCount(org.name, 'people'),
      });
    manifest = await backup(topology, { organisations: topology.organisations, out, passphrase: PASSPHRASE }, quiet);
    expect(manifest.organisations).to.deep.equal(topology.organisations.map((o) => o.name));
    const listed = manifest.files.map((f) => f.path);
    for (const org of topology.organisations) {
      const key = readFileSync(path.join(dataHome, 'gateway', org.name.toLowerCase(), 'key-encryption-key'));
      // The key is nowhere in the backup as it is: not as a file, not inside the sealed one.
      expect(listed.filter((p) => p.endsWith('/key-encryption-key'))).to.deep.equal([]);
      const sealed = readFileSync(path.join(out, manifest.sealedKeys[org.name]!), 'utf8');
      expect(sealed).to.not.include(key.toString('utf8').trim());
      expect(
        listed.some((p) => p.startsWith(`files/network/nodes/peer0.${org.name.toLowerCase()}/ledger/`)),
        org.name,
      ).to.equal(true);
      expect(manifest.databases[org.name]!.dump.tables.find((t) => t.name === 'ledger_state')!.rows).to.equal(
        before.get(org.name)!.objects,
      );
    }
  });

  it('refuses a short passphrase before stopping anything', async function () {
    const refused = await backup(
      topology,
      { organisations: topology.organisations, out: path.join(scratch, 'other'), passphrase: 'too short' },
      quiet,
    ).then(
      () => 'written',
      (error: Error) => error.message,
    );
    expect(refused).to.include('at least 12 characters');
    expect(existsSync(path.join(scratch, 'other'))).to.equal(false);
  });

  it('on a wiped host, refuses an altered file, a manifest rewritten to match it and a wrong passphrase, writing nothing', async function () {
    await down(topology, true, quiet);
    expect(existsSync(dataHome)).to.equal(false);

    const victim = manifest.files.find((f) => f.path.includes('/ledger_state.'))!;
    const file = path.join(out, victim.path);
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from('x')]));
    const altered = await restore(topology, out, PASSPHRASE, quiet).then(
      () => 'restored',
      (error: Error) => error.message,
    );
    expect(altered).to.include(`${victim.path} is not the file the backup wrote`);

    // Rewritten with the manifest naming the new file's SHA-256: the manifest's seal, made under the passphrase, fails.
    const manifestFile = path.join(out, 'manifest.json');
    const sealedManifest = readFileSync(manifestFile);
    const forged = {
      ...manifest,
      files: manifest.files.map((f) =>
        f.path === victim.path ? { ...f, bytes: f.bytes + 1, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') } : f,
      ),
    };
    writeFileSync(manifestFile, JSON.stringify(forged, null, 2));
    const forgedAnswer = await restore(topology, out, PASSPHRASE, quiet).then(
      () => 'restored',
      (error: Error) => error.message,
    );
    writeFileSync(manifestFile, sealedManifest);
    writeFileSync(file, original);
    expect(forgedAnswer).to.include('the passphrase does not open this backup, or its manifest was altered');

    const wrong = await restore(topology, out, 'not the passphrase at all', quiet).then(
      () => 'restored',
      (error: Error) => error.message,
    );
    expect(wrong).to.include('the passphrase does not open this backup, or its manifest was altered');
    expect(existsSync(dataHome), 'nothing written').to.equal(false);
  });

  it('restores every part, proven against the ledger with no difference, and takes the next transaction', async function () {
    const checks = await restore(topology, out, PASSPHRASE, quiet);
    for (const check of checks) {
      const was = before.get(check.organisation)!;
      expect(check.differing, check.organisation).to.deep.equal([]);
      expect(check.brokenWindows, check.organisation).to.deep.equal([]);
      expect(check.verified, check.organisation).to.be.greaterThan(0);
      expect(await documentHashes(check.organisation), check.organisation).to.deep.equal(was.documents);
      expect(await rowCount(check.organisation, 'people'), check.organisation).to.equal(was.people);
      // A cited document it does not hold is another organisation's (the regulator's laboratory stores the raw data of
      // the results it records); none is one it held before the backup.
      expect(
        check.documentsNotHeld.filter((sha256) => was.documents.includes(sha256)),
        `${check.organisation}: documents lost`,
      ).to.deep.equal([]);
    }
    // The Factory holds documents its records cite, and every one came back.
    expect(before.get('Factory')!.documents).to.not.deep.equal([]);
    expect(checks.find((c) => c.organisation === 'StationA')!.windows).to.be.greaterThan(0);

    // Through StationA's restored gateway, signed with the collector's key as the restored database seals it under the
    // restored key-encryption key: people, sessions, sealed keys and the key all came back together.
    const collector = demoPeopleOfAll(topology).find((p) => p.org === 'StationA' && p.username === 'collector1')!;
    const gateway = graphqlClient(gatewayUrl(organisation(topology, 'StationA')));
    const token = await gateway.login(collector.org, collector.username, collector.password);
    const din = newDin('G1001');
    const recorded = await gateway.request(RECORD_DONATION, { input: donation(din) }, token);
    expect(recorded.recordDonation.status).to.equal('collected');
    const projected = await eventually(
      async () => (await gateway.request(DONATION, { din }, token)).donation,
      (found) => found !== null,
      240,
    );
    expect(projected?.status).to.equal('collected');
  });
});
