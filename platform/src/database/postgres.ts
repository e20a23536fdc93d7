// The system's PostgreSQL as its clients reach it: where the URL comes from, and the connection pool. Used by the
// gateway, the indexer, the cold-chain ingest and the tests; the schema is the gateway's (its migrations).
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { databaseSecretFile } from '@plasma/network';
import type { DatabaseRole } from './roles';

/** What the project's own PostgreSQL writes about itself when it starts (see embedded-postgres.ts). */
export interface EmbeddedDatabaseSecret {
  /** As its superuser: for the launcher (migrations, roles) and the tests, never for a service. */
  readonly url: string;
  /** As each service's own role. */
  readonly roles: Readonly<Record<DatabaseRole, string>>;
}

function embeddedSecret(): EmbeddedDatabaseSecret {
  if (!existsSync(databaseSecretFile)) {
    throw new Error(
      `DATABASE_URL is not set and the project's PostgreSQL has not been started (no ${databaseSecretFile}); run 'npm run up'`,
    );
  }
  return JSON.parse(readFileSync(databaseSecretFile, 'utf8')) as EmbeddedDatabaseSecret;
}

/**
 * `DATABASE_URL` when given; otherwise the project's own PostgreSQL that `npm run up` started, as its superuser (the
 * launcher's and the tests' URL; a service connects with serviceDatabaseUrl).
 */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || embeddedSecret().url;
}

/**
 * The URL a service connects with: `DATABASE_URL` when given (the operator's server, as the role the operator chose
 * for it); otherwise its own role on the project's PostgreSQL.
 */
export function serviceDatabaseUrl(role: DatabaseRole, env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || embeddedSecret().roles[role];
}

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
