// The services that connect to PostgreSQL, each as a role of its own, never the superuser: what each may do with each
// table is the schema's to say (gateway-api/src/db/grants.ts), and the roles exist before any grant names them.
import type pg from 'pg';

export const DATABASE_ROLES = {
  /** Follows the ledger and writes the projection. */
  indexer: 'plasma_indexer',
  /** Serves GraphQL: writes people, sessions, documents and pending signatures; reads the rest. */
  gateway: 'plasma_gateway',
  /** The cold chain's ingest: writes the readings, their windows and the excursions. */
  coldChain: 'plasma_cold_chain',
} as const;

export type DatabaseRole = keyof typeof DATABASE_ROLES;

export const databaseRoles = Object.keys(DATABASE_ROLES) as DatabaseRole[];

/**
 * Creates each service's role where it is missing, without the right to sign in (the server's operator gives it a
 * password; on the project's own server `npm run up` does). Two clients creating one at once is not an error.
 */
export async function ensureDatabaseRoles(client: pg.ClientBase): Promise<void> {
  for (const name of Object.values(DATABASE_ROLES)) {
    await client.query(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} NOLOGIN; END IF;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
       END $$`,
    );
  }
}
