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
import { gatewayUrl, RIGHT_PRIVILEGES, TABLE_GRANTS } from '@plasma/gateway-api';

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
});
