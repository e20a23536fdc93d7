// The gateway's PostgreSQL schema: plain SQL migrations in gateway-api/migrations (the projection, people, documents,
// and the cold chain's readings), applied in order by whoever starts the database (`npm run up`, the tests).
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { applyGrants } from './grants';

export const migrationsDir = path.resolve(__dirname, '..', '..', 'migrations');

/**
 * Applies every pending SQL migration in gateway-api/migrations to the database at `url` (an organisation's, or a test's),
 * in order, recorded in `pgmigrations`, then gives each of that database's service roles its rights on the tables
 * (grants.ts). Runs as the schema's owner, never as a service.
 */
export async function migrate(url: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl: url,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    log: () => undefined,
    noLock: false,
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyGrants(client);
  } finally {
    await client.end();
  }
  return applied.map((m) => m.name);
}
