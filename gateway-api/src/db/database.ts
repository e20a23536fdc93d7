// The gateway's PostgreSQL: where the URL comes from, the connection pool, and the schema migrations.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { databaseSecretFile } from '@plasma/network';

export const migrationsDir = path.resolve(__dirname, '..', '..', 'migrations');

/** What the project's own PostgreSQL writes about itself when it starts (see test-network's database). */
export interface EmbeddedDatabaseSecret { readonly url: string }

/**
 * `DATABASE_URL` when given; otherwise the project's own PostgreSQL that `npm run up` started.
 */
export function databaseUrl(): string {
  const fromEnvironment = process.env.DATABASE_URL;
  if (fromEnvironment) return fromEnvironment;
  if (!existsSync(databaseSecretFile)) {
    throw new Error(`DATABASE_URL is not set and the project's PostgreSQL has not been started (no ${databaseSecretFile}); run 'npm run up'`);
  }
  return (JSON.parse(readFileSync(databaseSecretFile, 'utf8')) as EmbeddedDatabaseSecret).url;
}

export function createPool(url: string = databaseUrl(), max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Applies every pending SQL migration in gateway-api/migrations, in order, recorded in `pgmigrations`. */
export async function migrate(url: string = databaseUrl()): Promise<string[]> {
  const applied = await runner({
    databaseUrl: url,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    log: () => undefined,
    noLock: false,
  });
  return applied.map((m) => m.name);
}
