// Each organisation's services on the project's PostgreSQL connect to its own database as their own roles, with only
// the rights their work needs, never as the superuser: the rights each organisation's database gives every role on
// every table are exactly grants.ts's, the Factory's services are seen connected as their roles, a role cannot do what
// it was not given, and no organisation's role can even connect to another organisation's database.
import { expect } from 'chai';
import pg from 'pg';
import { loadTopology, organisation } from '@plasma/network';
import {
  databaseRoleName,
  type DatabaseRole,
  databaseRoles,
  organisationDatabaseUrl,
  readOrganisationSecret,
  serviceDatabaseUrl,
  withDatabase,
} from '@plasma/platform';
import { gatewayUrl, RIGHT_PRIVILEGES, securityLog, TABLE_GRANTS } from '@plasma/gateway-api';

const topology = loadTopology();
// The Factory runs every kind of service: an indexer, a cold-chain ingest (its skid) and a gateway.
const factory = organisation(topology, 'Factory');

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The SQLSTATE PostgreSQL answers `sql` with at `url`; undefined when it is done. */
async function refusal(url: string, sql: string): Promise<string | undefined> {
  try {
    await query(url, sql);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
const refusalAs = (role: DatabaseRole, sql: string) => refusal(serviceDatabaseUrl(role, factory.name), sql);

describe("database roles of each organisation's services", function () {
  it("gives each role on each table of its organisation's database exactly the rights grants.ts names", async function () {
    for (const org of topology.organisations) {
      const roles = databaseRoles.map((role) => databaseRoleName(org.database, role));
      const rows = await query<{ role: string; table: string; privilege: string }>(
        organisationDatabaseUrl(org.name),
        `SELECT r.rolname AS role, t.tablename AS table, p.privilege
           FROM pg_tables t CROSS JOIN pg_roles r CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(privilege)
          WHERE t.schemaname = 'public' AND r.rolname = ANY($1) AND has_table_privilege(r.rolname, t.schemaname || '.' || t.tablename, p.privilege)`,
        [roles],
      );
      const granted = rows.map(({ role, table, privilege }) => `${role} ${privilege} ${table}`).sort();
      const declared = Object.entries(TABLE_GRANTS)
        .flatMap(([table, rights]) =>
          Object.entries(rights).flatMap(([role, right]) =>
            RIGHT_PRIVILEGES[right].map((privilege) => `${databaseRoleName(org.database, role as DatabaseRole)} ${privilege} ${table}`),
          ),
        )
        .sort();
      expect(granted, org.name).to.deep.equal(declared);
    }
  });

  it("sees the Factory's indexer, gateway and cold-chain ingest connected to its database, each as its own role", async function () {
    const expected = databaseRoles.map((role) => databaseRoleName(factory.database, role));
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    // A pool lets an idle connection go: watch until each service has worked. The cold chain stores readings every
    // second and anchors them, the indexer writes the anchoring block; the gateway is asked to sign in someone unknown.
    const askGateway = (): Promise<Response> =>
      fetch(`${gatewayUrl(factory)}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(org: "Factory", username: "nobody-here", password: "wrong") { token } }' }),
      });
    while (Date.now() < deadline && !expected.every((role) => seen.has(role))) {
      await askGateway();
      const rows = await query<{ usename: string }>(
        organisationDatabaseUrl(factory.name),
        'SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1',
        [factory.database],
      );
      for (const { usename } of rows) seen.add(usename);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...seen]).to.include.members(expected);
  });

  it("refuses a role what it was not given: a table of another, a new table, another role's function", async function () {
    const insufficientPrivilege = '42501';
    expect(await refusalAs('indexer', 'SELECT * FROM people LIMIT 1')).to.equal(insufficientPrivilege);
    expect(await refusalAs('coldChain', 'SELECT * FROM sessions LIMIT 1')).to.equal(insufficientPrivilege);
    expect(await refusalAs('gateway', 'DELETE FROM blocks WHERE false')).to.equal(insufficientPrivilege);
    expect(await refusalAs('gateway', 'UPDATE cold_chain_readings SET value = 0 WHERE false')).to.equal(insufficientPrivilege);
    expect(await refusalAs('gateway', 'CREATE TABLE stolen (x int)')).to.equal(insufficientPrivilege);
    expect(await refusalAs('gateway', "SELECT cold_chain_ensure_partition('2999-01-01')")).to.equal(insufficientPrivilege);
    // What it was given, it may: the ingest makes the partition of a day through the function that runs as the owner.
    expect(await refusalAs('coldChain', "SELECT cold_chain_ensure_partition('2999-01-01')")).to.equal(undefined);
    const [made] = await query<{ partition: string | null }>(
      organisationDatabaseUrl(factory.name),
      "SELECT to_regclass('cold_chain_readings_29990101')::text AS partition",
    );
    expect(made?.partition).to.equal('cold_chain_readings_29990101');
    await query(organisationDatabaseUrl(factory.name), 'DROP TABLE cold_chain_readings_29990101');
  });

  it("lets no organisation's role connect to another organisation's database, nor to the server's own", async function () {
    for (const org of topology.organisations) {
      const own = readOrganisationSecret(org.name)!;
      for (const other of topology.organisations.filter((o) => o !== org)) {
        for (const role of databaseRoles) {
          const intruder = withDatabase(own.roles[role], other.database);
          expect(await refusal(intruder, 'SELECT 1'), `${databaseRoleName(org.database, role)} on ${other.database}`).to.equal('42501');
        }
      }
      expect(await refusal(withDatabase(serviceDatabaseUrl('gateway', org.name), 'postgres'), 'SELECT 1')).to.equal('42501');
    }
  });

  it("numbers, times, links and hashes the gateway's security-log entries itself, and lets nobody change one, the owner included", async function () {
    const owner = new pg.Pool({ connectionString: organisationDatabaseUrl(factory.name), max: 1 });
    try {
      const [before] = await query<{ seq: string | null }>(
        organisationDatabaseUrl(factory.name),
        'SELECT max(seq) AS seq FROM security_events',
      );
      // Whoever holds the gateway's credentials states a number, a time and hashes of their own: the database ignores them.
      const [row] = await query<{ seq: string; recorded_at: Date; previous_hash: string; hash: string }>(
        serviceDatabaseUrl('gateway', factory.name),
        `INSERT INTO security_events (seq, recorded_at, event, actor, subject, client_address, detail, previous_hash, hash)
         VALUES (1, '2000-01-01', 'sign-in-failed', $1, NULL, '10.0.0.9', $2, $3, $3) RETURNING seq, recorded_at, previous_hash, hash`,
        // Quotes, a control character, a line break and text beyond ASCII, hashed by the database as the gateway checks them.
        ['Factory/o\'brien "李" \u0001', JSON.stringify({ zone: 'b\n"\\é', address: '' }), 'f'.repeat(64)],
      );
      expect(Number(row!.seq)).to.equal(Number(before!.seq ?? 0) + 1);
      expect(row!.previous_hash).not.to.equal('f'.repeat(64));
      expect(Date.now() - row!.recorded_at.getTime()).to.be.within(0, 60_000);
      // The whole chain, this row included, checks as the gateway computes each hash.
      const log = securityLog(owner);
      expect((await log.check()).brokenAt).to.equal(undefined);
      expect(await log.hashAt(Number(row!.seq))).to.equal(row!.hash);

      const appendOnly = '42501';
      for (const change of ['UPDATE security_events SET actor = NULL', 'DELETE FROM security_events', 'TRUNCATE security_events']) {
        expect(await refusal(organisationDatabaseUrl(factory.name), change), `the owner: ${change}`).to.equal(appendOnly);
        expect(await refusalAs('gateway', change), `the gateway: ${change}`).to.equal(appendOnly);
      }
      const bad = await refusalAs('gateway', `INSERT INTO security_events (event, detail) VALUES ('sign-in', '{"n": 1}')`);
      expect(bad).to.equal('23514');
    } finally {
      await owner.end();
    }
  });
});
