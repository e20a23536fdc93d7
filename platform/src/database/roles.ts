// The services that connect to an organisation's database, each as a role of its own, never the superuser: what each
// may do with each table is the schema's to say (gateway-api/src/db/grants.ts), and the roles exist before any grant
// names them. Roles are named after their database (plasma_stationa_gateway), so that one server can hold every
// organisation's database and no organisation's role can open another's.
import type pg from 'pg';

export const DATABASE_ROLES = {
  /** Follows the ledger and writes the projection. */
  indexer: 'indexer',
  /** Serves GraphQL: writes people, sessions, documents and pending signatures; reads the rest. */
  gateway: 'gateway',
  /** The cold chain's ingest: writes the readings, their windows and the excursions. */
  coldChain: 'cold_chain',
} as const;

export type DatabaseRole = keyof typeof DATABASE_ROLES;

export const databaseRoles = Object.keys(DATABASE_ROLES) as DatabaseRole[];

/** A database or role name put into SQL as it is: lower-case letters, digits and underscores only, as ours are. */
function sqlName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database: '${name}' is not a name this project uses (a-z, 0-9, _)`);
  return name;
}

/** The role `role` signs in as on `database`, e.g. plasma_stationa_gateway. */
export const databaseRoleName = (database: string, role: DatabaseRole): string => sqlName(`${sqlName(database)}_${DATABASE_ROLES[role]}`);

/**
 * Creates the services' roles of `database` where they are missing, without the right to sign in (the server's
 * operator gives each a password; on the project's own server `npm run up` does), and lets only them (and the owner)
 * connect to it. Two clients creating one at once is not an error.
 */
export async function ensureDatabaseRoles(client: pg.ClientBase, database: string): Promise<void> {
  for (const role of databaseRoles) {
    const name = databaseRoleName(database, role);
    await client.query(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} NOLOGIN; END IF;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
       END $$`,
    );
  }
  await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${sqlName(database)} FROM PUBLIC`);
  await client.query(
    `GRANT CONNECT ON DATABASE ${sqlName(database)} TO ${databaseRoles.map((r) => databaseRoleName(database, r)).join(', ')}`,
  );
}

/** Drops a database and its services' roles (a test's scratch database). */
export async function dropDatabase(client: pg.ClientBase, database: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${sqlName(database)} WITH (FORCE)`);
  for (const role of databaseRoles) await client.query(`DROP ROLE IF EXISTS ${databaseRoleName(database, role)}`);
}
