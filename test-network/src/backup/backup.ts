// `npm run backup` and `npm run restore`: an organisation's part of this host (or every organisation's) written to a
// folder that describes itself, and rebuilt from one on a clean host, then proven against the ledger.
//
// What a backup holds of an organisation: its CA (database, keys), its MSP, TLS material and enrolled identities; each
// of its orderers' and peers' whole ledger; its PostgreSQL rows (projection, people, sealed keys, documents, readings,
// pending signatures, security log); its gateway's files, the key-encryption key sealed to a passphrase; its archived
// readings. And this host's share of the consortium: the channel's genesis, the chaincode's definition, the cards.
//
// The nodes' ledgers are copied whole, each node stopped for the copy, rather than taken as peer snapshots: a peer
// joined from a snapshot answers no key history and no block before it (the audit trail is read from the key
// history) and holds no private data from before it, and the orderers have no snapshot at all. While the nodes are
// stopped nothing reaches their peers, so the PostgreSQL rows, read then, are never ahead of the ledger copied with
// them; the indexer catches up on what follows. The gateway, indexer and ingest keep running: they wait and retry.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  caServerHome,
  chaincodeDir,
  channelDir,
  consortiumDir,
  dataHome,
  membershipFile,
  nodeConfigDir,
  type Organisation,
  orgDir,
  organisationDatabaseSecretFile,
  stateFile,
  type Topology,
} from '@plasma/network';
import {
  createPool,
  databaseUrl,
  type DatabaseDump,
  dropDatabase,
  dumpDatabase,
  ensureOrganisationDatabase,
  keepWritesPrivate,
  organisationDatabaseUrl,
  restoreDatabase,
  runningPid,
  sleep,
  stop,
} from '@plasma/platform';
import { gatewayDataDir, ledgerHeight, loadConfig, migrate, migrationsDir, openServiceChannel } from '@plasma/gateway-api';
import { auditOrganisationProjection } from '@plasma/gateway-api/server';
import { coldChainQueries, readingArchiveDir } from '@plasma/cold-chain/queries';
import { withLauncherLock } from '../lock';
import { startIdentities, startNodes } from '../organisation-part';
import { databaseService } from '../services';
import { up, type Progress } from '../launcher';
import {
  type BackupFile,
  checkBackupFiles,
  checkManifestSeal,
  checkPassphrase,
  type ManifestSeal,
  readChecked,
  restoredFiles,
  copyIntoBackup,
  describeBackupFile,
  type SealedKey,
  sealKey,
  sealManifest,
  syncFolders,
  unsealKey,
  writeBackupFile,
} from './backup-files';

const FORMAT = 'plasma-backup/1';
const MANIFEST = 'manifest.json';
const MANIFEST_SEAL = 'manifest.seal.json';
const KEY_FILE = 'key-encryption-key';
const MIGRATIONS_TABLE = 'pgmigrations';

export interface BackupManifest {
  readonly format: typeof FORMAT;
  readonly createdAt: string;
  readonly channel: string;
  readonly organisations: readonly string[];
  /** Each organisation's database: the migrations its schema was made with, and its rows' files. */
  readonly databases: Readonly<
    Record<string, { readonly migrations: readonly string[]; readonly dump: DatabaseDump; readonly dir: string }>
  >;
  /** Each organisation's sealed key-encryption key, as a file of the backup. */
  readonly sealedKeys: Readonly<Record<string, string>>;
  readonly files: readonly BackupFile[];
}

const relativeToData = (file: string): string => path.relative(dataHome, file);
const dataFiles = 'files';

/** This host's share of the consortium, which every organisation's part on it stands on. */
const hostPaths = (): string[] => [
  channelDir,
  chaincodeDir,
  consortiumDir,
  stateFile,
  membershipFile,
  // The cold chain's device simulator and ingest identities (its status files are rewritten live and not kept).
  path.join(dataHome, 'cold-chain', 'pki'),
  path.join(dataHome, 'cold-chain', 'device-users.json'),
];

/** Files being written as the copy runs: an archive file not yet published. */
const unfinished = (name: string): boolean => name.endsWith('.partial');

/** An organisation's own files (its nodes' ledgers among them), its key-encryption key apart. */
function organisationPaths(org: Organisation): string[] {
  const nodes = [...org.orderers, ...org.peers].map((n) => path.dirname(nodeConfigDir(n.name)));
  return [orgDir(org.name), ...nodes, gatewayDataDir(org.name), organisationDatabaseSecretFile(org.name), readingArchiveDir(org.name)];
}

/** Its CA, orderers and peers: the processes whose files are copied, stopped meanwhile. */
const stoppedForCopy = (org: Organisation): string[] => [org.ca.name, ...org.peers.map((p) => p.name), ...org.orderers.map((o) => o.name)];

export interface BackupOptions {
  readonly organisations: readonly Organisation[];
  readonly out: string;
  readonly passphrase: string | undefined;
}

/** Writes a backup of `organisations`' parts on this host into `out` (a new or empty folder). */
export async function backup(topology: Topology, options: BackupOptions, progress: Progress): Promise<BackupManifest> {
  const passphrase = checkPassphrase(options.passphrase);
  const { out, organisations } = options;
  // A folder of its own, made here: one made before by someone else could hold links or be read by others.
  if (existsSync(out)) throw new Error(`backup: ${out} exists; a backup is written into a new folder it makes itself`);
  keepWritesPrivate();
  return withLauncherLock(async () => {
    for (const org of organisations) {
      const missing = stoppedForCopy(org).filter((name) => runningPid(name) === undefined);
      if (missing.length > 0)
        throw new Error(`backup: ${missing.join(', ')} of ${org.name} are not running; start them with 'npm run up' first`);
    }
    mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
    mkdirSync(out, { mode: 0o700 });
    const files: BackupFile[] = [];
    const databases: Record<string, BackupManifest['databases'][string]> = {};
    const sealedKeys: Record<string, string> = {};
    const started = Date.now();
    try {
      for (const org of organisations) for (const name of stoppedForCopy(org)) await stop(name);
      progress(`stopped the CAs, orderers and peers of ${organisations.map((o) => o.name).join(', ')} for the copy`);
      for (const org of organisations) {
        const dir = path.join('databases', org.name.toLowerCase());
        mkdirSync(path.join(out, dir), { recursive: true, mode: 0o700 });
        const url = organisationDatabaseUrl(org.name);
        const migrations = await appliedMigrations(url);
        const dump = await dumpDatabase(url, path.join(out, dir));
        for (const table of dump.tables) files.push(describeBackupFile(out, path.join(dir, table.file)));
        databases[org.name] = { migrations, dump, dir };
        for (const source of organisationPaths(org))
          files.push(
            ...copyIntoBackup(source, out, path.join(dataFiles, relativeToData(source)), (name) => name === KEY_FILE || unfinished(name)),
          );
        const sealed = sealKey(org.name, readFileSync(path.join(gatewayDataDir(org.name), KEY_FILE)), passphrase);
        const keyFile = path.join('keys', `${org.name.toLowerCase()}.${KEY_FILE}.sealed.json`);
        files.push(writeBackupFile(out, keyFile, Buffer.from(JSON.stringify(sealed, null, 2))));
        sealedKeys[org.name] = keyFile.split(path.sep).join('/');
        const rows = dump.tables.reduce((sum, t) => sum + t.rows, 0);
        progress(`${org.name}: ${rows} rows of ${dump.tables.length} tables, its CA, identities and nodes' ledgers copied`);
      }
    } catch (error) {
      // The nodes come back whatever failed; the first failure is the one reported.
      await restart(topology, organisations).catch((again: unknown) => progress(`the nodes could not be started again: ${String(again)}`));
      throw error;
    }
    await restart(topology, organisations);
    progress(`the nodes are running again; they were stopped for ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const source of hostPaths()) files.push(...copyIntoBackup(source, out, path.join(dataFiles, relativeToData(source))));
    const manifest: BackupManifest = {
      format: FORMAT,
      createdAt: new Date().toISOString(),
      channel: topology.channel,
      organisations: organisations.map((o) => o.name),
      databases,
      sealedKeys,
      files,
    };
    const written = Buffer.from(JSON.stringify(manifest, null, 2));
    writeBackupFile(out, MANIFEST, written);
    writeBackupFile(out, MANIFEST_SEAL, Buffer.from(JSON.stringify(sealManifest(written, passphrase), null, 2)));
    syncFolders(out);
    progress(
      `backup of ${manifest.organisations.join(', ')} written to ${out}: ${files.length} files, listed with their SHA-256 in ${MANIFEST}`,
    );
    return manifest;
  }, progress);
}

async function appliedMigrations(url: string): Promise<string[]> {
  const pool = createPool(url, 1);
  try {
    const { rows } = await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`);
    return rows.map((r) => r.name);
  } finally {
    await pool.end();
  }
}

async function restart(topology: Topology, organisations: readonly Organisation[]): Promise<void> {
  await Promise.all(organisations.map((org) => startIdentities(org)));
  await Promise.all(organisations.map((org) => startNodes(topology, org)));
}

/** The manifest, once its seal shows it is the one the backup wrote under this passphrase. */
function readManifest(dir: string, passphrase: string): BackupManifest {
  const file = path.join(dir, MANIFEST);
  const sealFile = path.join(dir, MANIFEST_SEAL);
  if (!existsSync(file) || !existsSync(sealFile))
    throw new Error(`restore: ${dir} holds no sealed ${MANIFEST}: it is not a backup, or one that did not finish`);
  const bytes = readFileSync(file);
  checkManifestSeal(bytes, JSON.parse(readFileSync(sealFile, 'utf8')) as ManifestSeal, passphrase);
  const manifest = JSON.parse(bytes.toString('utf8')) as { readonly format?: unknown };
  if (manifest.format !== FORMAT)
    throw new Error(`restore: ${file} is a '${String(manifest.format)}' backup; this restore reads '${FORMAT}'`);
  return manifest as BackupManifest;
}

export interface OrganisationCheck {
  readonly organisation: string;
  readonly objects: Readonly<Record<string, number>>;
  readonly verified: number;
  /** SHA-256 of each cited document this organisation does not hold (projection-audit.ts): another organisation's, or lost. */
  readonly documentsNotHeld: readonly string[];
  readonly differing: readonly { readonly objectType: string; readonly objectId: string; readonly detail: string }[];
  readonly windows: number;
  readonly intactWindows: number;
  readonly brokenWindows: readonly { readonly device: string; readonly windowStart: string; readonly detail: string }[];
}

/**
 * Rebuilds the backup's parts on this host, which holds none of them: checks every file against the manifest and the
 * passphrase against each sealed key before writing anything, puts the files back, restores each database into a
 * fresh one made by the same migrations, brings the parts up, and proves them (checkRestored).
 */
export async function restore(
  topology: Topology,
  dir: string,
  passphrase: string | undefined,
  progress: Progress,
): Promise<OrganisationCheck[]> {
  const secret = checkPassphrase(passphrase);
  const manifest = readManifest(dir, secret);
  checkBackupFiles(dir, manifest.files, [MANIFEST, MANIFEST_SEAL]);
  progress(`${manifest.files.length} files of the backup of ${manifest.createdAt} match their SHA-256 in its sealed manifest`);
  const organisations = manifest.organisations.map((name) => {
    const org = topology.organisations.find((o) => o.name === name);
    if (!org) throw new Error(`restore: the backup holds ${name}, which network/topology.yaml does not name`);
    return org;
  });
  // Everything the restore reads is one of the files just checked.
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const org of organisations) {
    const database = manifest.databases[org.name];
    const unlisted = [
      manifest.sealedKeys[org.name],
      ...(database?.dump.tables.map((t) => `${database.dir}/${t.file}`) ?? [undefined]),
    ].filter((p) => p === undefined || !listed.has(p));
    if (unlisted.length > 0) throw new Error(`restore: the manifest names files of ${org.name} it does not list: ${unlisted.join(', ')}`);
  }
  const byPath = new Map(manifest.files.map((f) => [f.path, f]));
  /** A file's bytes, as the restore uses them, checked against the manifest again: not only when the folder was checked. */
  const content = (relative: string): Buffer => readChecked(dir, byPath.get(relative)!);
  const keys = new Map(
    organisations.map((org) => {
      const sealed = JSON.parse(content(manifest.sealedKeys[org.name]!).toString('utf8')) as SealedKey;
      return [org.name, unsealKey(sealed, org.name, secret)] as const;
    }),
  );
  const code = codeMigrations();
  for (const org of organisations) checkMigrations(org.name, manifest.databases[org.name]!.migrations, code);
  keepWritesPrivate();
  await withLauncherLock(async () => {
    for (const org of organisations) {
      const present = [...organisationPaths(org), caServerHome(org.name)].filter((p) => existsSync(p));
      if (present.length > 0)
        throw new Error(
          `restore: ${org.name}'s part is on this host already (${present.map(relativeToData).join(', ')}); restore onto a clean host`,
        );
    }
    const prefix = `${dataFiles}/`;
    const written = restoredFiles();
    const made: Organisation[] = [];
    try {
      const kept: string[] = [];
      const differing: string[] = [];
      for (const file of manifest.files.filter((f) => f.path.startsWith(prefix))) {
        const target = path.join(dataHome, file.path.slice(prefix.length));
        const bytes = content(file.path);
        // This host's share of the consortium stays as it is where another part on it keeps it already.
        if (existsSync(target)) {
          (readFileSync(target).equals(bytes) ? kept : differing).push(relativeToData(target));
          continue;
        }
        written.write(target, bytes, (file.mode & 0o700) | 0o600);
      }
      for (const [name, key] of keys) {
        written.write(path.join(gatewayDataDir(name), KEY_FILE), key, 0o600);
      }
      progress(
        `files restored into ${dataHome}${kept.length > 0 ? ` (${kept.length} of this host's consortium files were there already, the same)` : ''}`,
      );
      if (differing.length > 0) progress(`kept as this host has them, different from the backup's: ${differing.join(', ')}`);
      await restoreDatabases(topology, organisations, manifest, (relative) => content(relative), made, progress);
    } catch (error) {
      // Nothing half restored stays: a second attempt starts from the same clean host. The databases go first: dropping
      // them needs the secrets the restore wrote.
      await dropRestoredDatabases(made).catch((dropping: unknown) =>
        progress(`could not drop the restored databases: ${String(dropping)}`),
      );
      written.undo();
      throw error;
    }
  }, progress);
  const whole = organisations.length === topology.organisations.length;
  if (whole) await up(topology, progress);
  else for (const org of organisations) await up(topology, progress, org);
  return checkRestored(topology, organisations, progress);
}

/** The migrations this code applies, by name (node-pg-migrate names each by its file without the extension). */
function codeMigrations(): string[] {
  return readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.replace(/\.sql$/, ''))
    .sort();
}

/** A backup is restored by the code that made it: the same migrations, so that its rows fit the schema they make. */
function checkMigrations(organisation: string, backedUp: readonly string[], code: readonly string[]): void {
  if ([...backedUp].sort().join() === code.join()) return;
  const missing = backedUp.filter((m) => !code.includes(m));
  const extra = code.filter((m) => !backedUp.includes(m));
  const differences = [
    missing.length > 0 ? `the backup has ${missing.join(', ')}` : '',
    extra.length > 0 ? `this code adds ${extra.join(', ')}` : '',
  ];
  throw new Error(
    `restore: ${organisation}'s backup was made with other migrations than this code's (${differences.filter(Boolean).join('; ')}); restore with the release that made it`,
  );
}

async function databaseExists(name: string): Promise<boolean> {
  const pool = createPool(databaseUrl(), 1);
  try {
    return ((await pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await pool.end();
  }
}

/** Drops the databases a failed restore made (the project's own server only: an operator's is the operator's). */
async function dropRestoredDatabases(made: readonly Organisation[]): Promise<void> {
  if (made.length === 0 || process.env.DATABASE_URL) return;
  const pool = createPool(databaseUrl(), 1);
  try {
    const client = await pool.connect();
    try {
      for (const org of made) await dropDatabase(client, org.database);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

async function restoreDatabases(
  topology: Topology,
  organisations: readonly Organisation[],
  manifest: BackupManifest,
  content: (relative: string) => Buffer,
  made: Organisation[],
  progress: Progress,
): Promise<void> {
  if (process.env.DATABASE_URL) {
    if (organisations.length !== 1)
      throw new Error("restore: DATABASE_URL names one organisation's database; restore a backup of one organisation with it");
  } else await databaseService.start({ topology, progress });
  for (const org of organisations) {
    if (!process.env.DATABASE_URL && (await databaseExists(org.database)))
      throw new Error(
        `restore: this host's PostgreSQL holds ${org.name}'s database ${org.database} already; a backup is restored into a new one`,
      );
    const url = process.env.DATABASE_URL || (await ensureOrganisationDatabase(topology, org));
    if (!process.env.DATABASE_URL) made.push(org);
    const database = manifest.databases[org.name]!;
    const applied = await migrate(url);
    const present = await appliedMigrations(url);
    checkMigrations(org.name, database.migrations, [...present].sort());
    if (applied.length !== present.length)
      throw new Error(`restore: ${org.name}'s database was not empty; a backup is restored into a new one`);
    await restoreDatabase(url, database.dump, { skip: [MIGRATIONS_TABLE], read: (file) => content(`${database.dir}/${file}`) });
    progress(`${org.name}: its database restored (${database.dump.tables.reduce((s, t) => s + t.rows, 0)} rows)`);
  }
}

/** Waits until the organisation's indexer has projected every block its first peer holds. */
async function indexerCaughtUp(topology: Topology, org: Organisation, timeoutMs = 180_000): Promise<void> {
  const channel = openServiceChannel(topology, org.name);
  const pool = createPool(organisationDatabaseUrl(org.name), 1);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const height = await ledgerHeight(channel.network);
      const { rows } = await pool.query<{ next: string }>('SELECT next_block::text AS next FROM indexer_checkpoint WHERE channel = $1', [
        topology.channel,
      ]);
      if (rows[0] && BigInt(rows[0].next) >= height) return;
      if (Date.now() > deadline) throw new Error(`${org.name}'s indexer did not reach block ${height} within ${timeoutMs / 1000} s`);
      await sleep(500);
    }
  } finally {
    channel.close();
    await pool.end();
  }
}

/**
 * Every projected object of each organisation verified against the ledger (a second time for those that differed
 * while the ledger moved on: the indexer caught up first), and every anchored cold-chain window against its root.
 */
export async function checkRestored(
  topology: Topology,
  organisations: readonly Organisation[],
  progress: Progress,
): Promise<OrganisationCheck[]> {
  const checks: OrganisationCheck[] = [];
  for (const org of organisations) {
    await indexerCaughtUp(topology, org);
    const config = loadConfig(org.name);
    let audit = await auditOrganisationProjection(config);
    if (audit.differing.length > 0) {
      await indexerCaughtUp(topology, org);
      audit = await auditOrganisationProjection(config);
    }
    const pool = createPool(organisationDatabaseUrl(org.name), 2);
    let windows;
    try {
      windows = await coldChainQueries(pool, readingArchiveDir(org.name)).auditAnchoredWindows();
    } finally {
      await pool.end();
    }
    const check: OrganisationCheck = {
      organisation: org.name,
      objects: audit.objects,
      verified: audit.verified,
      documentsNotHeld: audit.documentsNotHeld,
      differing: audit.differing,
      windows: windows.windows,
      intactWindows: windows.intact,
      brokenWindows: windows.broken,
    };
    checks.push(check);
    const byType = Object.entries(audit.objects)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    progress(
      `${org.name}: ${audit.verified} of ${audit.verified + audit.differing.length} projected objects equal the ledger (${byType}); ` +
        `${audit.documentsNotHeld.length} documents they cite are not held here (stored by another organisation, or lost); ` +
        `${windows.intact} of ${windows.windows} anchored cold-chain windows yield their root`,
    );
    for (const d of audit.differing) progress(`  differs: ${d.objectType} ${d.objectId}: ${d.detail}`);
    for (const w of windows.broken) progress(`  broken window: ${w.device} ${w.windowStart}: ${w.detail}`);
  }
  return checks;
}
