// Each service on the project's PostgreSQL connects as its own role with only the rights its work needs, never as the
// superuser: the rights the running database gives every role on every table are exactly grants.ts's, the services are
// seen connected as their roles, and a role cannot do what it was not given.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import pg from 'pg';
import { databaseSecretFile, loadTopology } from '@plasma/network';
import { DATABASE_ROLES, type DatabaseRole, databaseRoles, databaseUrl, type EmbeddedDatabaseSecret } from '@plasma/platform';
import { TABLE_GRANTS } from '@plasma/gateway-api';

const secret = (): EmbeddedDatabaseSecret => JSON.parse(readFileSync(databaseSecretFile, 'utf8')) as EmbeddedDatabaseSecret;

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The SQLSTATE PostgreSQL answers `sql` with, run as the service's role; undefined when it is done. */
async function refusalAs(role: DatabaseRole, sql: string): Promise<string | undefined> {
  try {
    await query(secret().roles[role], sql);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('database roles of the services', function () {
  it('gives each role on each table exactly the rights grants.ts names, and nothing on any other', async function () {
    const rows = await query<{ role: string; table: string; privilege: string }>(
      databaseUrl(),
      `SELECT r.rolname AS role, t.tablename AS table, p.privilege
         FROM pg_tables t CROSS JOIN pg_roles r CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(privilege)
        WHERE t.schemaname = 'public' AND r.rolname = ANY($1) AND has_table_privilege(r.rolname, t.schemaname || '.' || t.tablename, p.privilege)`,
      [Object.values(DATABASE_ROLES)],
    );
    const granted = rows.map(({ role, table, privilege }) => `${role} ${privilege} ${table}`).sort();
    const declared = Object.entries(TABLE_GRANTS)
      .flatMap(([table, rights]) =>
        Object.entries(rights).flatMap(([role, right]) =>
          (right === 'read' ? ['SELECT'] : ['SELECT', 'INSERT', 'UPDATE', 'DELETE']).map(
            (privilege) => `${DATABASE_ROLES[role as DatabaseRole]} ${privilege} ${table}`,
          ),
        ),
      )
      .sort();
    expect(granted).to.deep.equal(declared);
  });

  it('sees the indexer, the gateway and the cold-chain ingest connected, each as its own role', async function () {
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    // A pool lets an idle connection go: watch until each service has worked. The cold chain stores readings every
    // second and anchors them, the indexer writes the anchoring block; the gateway is asked to sign in someone unknown.
    const { host, port } = loadTopology().services.gateway;
    const askGateway = (): Promise<Response> =>
      fetch(`http://${host}:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(org: "StationA", username: "nobody-here", password: "wrong") { token } }' }),
      });
    while (Date.now() < deadline && !databaseRoles.every((role) => seen.has(DATABASE_ROLES[role]))) {
      await askGateway();
      const rows = await query<{ usename: string }>(
        databaseUrl(),
        "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'plasma'",
      );
      for (const { usename } of rows) seen.add(usename);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...seen]).to.include.members(Object.values(DATABASE_ROLES));
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
      databaseUrl(),
      "SELECT to_regclass('cold_chain_readings_29990101')::text AS partition",
    );
    expect(made?.partition).to.equal('cold_chain_readings_29990101');
    await query(databaseUrl(), 'DROP TABLE cold_chain_readings_29990101');
  });
});
