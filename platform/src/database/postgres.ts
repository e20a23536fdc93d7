// The system's PostgreSQL as its clients reach it: where the URL comes from, and the connection pool. Used by each
// organisation's gateway, indexer and cold-chain ingest, and by the tests; the schema is the gateway's (its migrations).
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { databaseSecretFile, organisationDatabaseSecretFile } from '@plasma/network';
import type { DatabaseRole } from './roles';

/** What the project's own PostgreSQL writes about itself when it starts (see embedded-postgres.ts): the launcher's. */
export interface EmbeddedDatabaseSecret {
  /** The server as its superuser: for the launcher (databases, roles, migrations) and the tests, never for a service. */
  readonly url: string;
}

/** One organisation's database and its services' URLs, each as its own role: its services read this file only. */
export interface OrganisationDatabaseSecret {
  readonly database: string;
  readonly roles: Readonly<Record<DatabaseRole, string>>;
}

export function readEmbeddedSecret(): EmbeddedDatabaseSecret | undefined {
  return existsSync(databaseSecretFile) ? (JSON.parse(readFileSync(databaseSecretFile, 'utf8')) as EmbeddedDatabaseSecret) : undefined;
}

export function readOrganisationSecret(org: string): OrganisationDatabaseSecret | undefined {
  const file = organisationDatabaseSecretFile(org);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OrganisationDatabaseSecret) : undefined;
}

function embeddedSecret(): EmbeddedDatabaseSecret {
  const secret = readEmbeddedSecret();
  if (secret === undefined) {
    throw new Error(
      `DATABASE_URL is not set and the project's PostgreSQL has not been started (no ${databaseSecretFile}); run 'npm run up'`,
    );
  }
  return secret;
}

function organisationSecret(org: string): OrganisationDatabaseSecret {
  const secret = readOrganisationSecret(org);
  if (secret === undefined) throw new Error(`the project's PostgreSQL holds no database of ${org} yet; run 'npm run up'`);
  return secret;
}

/**
 * `DATABASE_URL` when given; otherwise the project's own PostgreSQL server that `npm run up` started, as its superuser
 * (the launcher's and the tests' URL, for making databases; a service connects with serviceDatabaseUrl).
 */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || embeddedSecret().url;
}

/** `DATABASE_URL` when given (an organisation on its own server); otherwise `org`'s database as the superuser. */
export function organisationDatabaseUrl(org: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || withDatabase(embeddedSecret().url, organisationSecret(org).database);
}

/**
 * The URL `org`'s service connects with: `DATABASE_URL` when given (the organisation's own server, as the role its
 * operator chose for it); otherwise the service's own role on `org`'s database on the project's PostgreSQL, from the
 * organisation's own secret file (never the superuser's).
 */
export function serviceDatabaseUrl(role: DatabaseRole, org: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || organisationSecret(org).roles[role];
}

/** `url` with another database. */
export const withDatabase = (url: string, database: string): string => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

export function createPool(url: string = databaseUrl(), max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Whether the server at `url` accepts a connection and answers a query. */
export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
