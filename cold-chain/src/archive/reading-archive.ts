// Readings past the age an organisation keeps them in PostgreSQL move to its archive: one gzip file of JSON lines per
// day's partition, beside a manifest with the file's SHA-256, its count and the anchored window roots its readings are
// leaves of. A partition is dropped only when every window of it is anchored and still yields its anchored root (every
// leaf recomputed from its reading), and its file has been written, synced and read back whole. An archived reading is
// still proven (reading-proofs.ts): its window's leaves come from the archive and PostgreSQL together, its root from
// cold_chain_windows, which stays.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip, createGzip, gunzip } from 'node:zlib';
import type pg from 'pg';
import { READING_COLUMNS, type ReadingRow, type StoredReading, toReading } from '../ingest/reading-store';

const PARTITION = /^cold_chain_readings_(\d{4})(\d{2})(\d{2})$/;
const ARCHIVE_FILE = /^cold_chain_readings_\d{8}-\d{8}T\d{9}Z\.jsonl\.gz$/;
const DAY_MS = 86_400_000;
const PAGE = 10_000;
/** How long dropping a partition waits for the readers and writers of the readings table before it gives up. */
const LOCK_TIMEOUT = '10s';

/** A window some of the file's readings are leaves of, as it was anchored. */
export interface ArchivedWindow {
  readonly device: string;
  readonly windowStart: string;
  readonly root: string;
  readonly leafCount: number;
  readonly anchorTxId: string;
}

export interface ArchiveManifest {
  readonly partition: string;
  /** The UTC day of the readings' source times. */
  readonly day: string;
  /** The gzip file of JSON lines beside the manifest. */
  readonly file: string;
  readonly sha256: string;
  readonly readings: number;
  readonly windows: readonly ArchivedWindow[];
  readonly archivedAt: string;
}

export interface ArchiveOutcome {
  readonly archived: readonly ArchiveManifest[];
  /** Partitions old enough but kept, and why (a window not anchored yet, or no longer yielding its anchored root). */
  readonly kept: readonly { readonly partition: string; readonly reason: string }[];
}

/** The archive no longer holds what its manifests say: nothing in it is served as proven. */
export class ArchiveAlteredError extends Error {
  override readonly name = 'ArchiveAlteredError';
}

interface ReadingLine {
  readonly device: string;
  readonly node: string;
  readonly sourceTime: string;
  readonly value: number | null;
  readonly statusCode: number;
  readonly leafHash: string;
  readonly windowStart: string;
}

const toLine = (r: StoredReading): ReadingLine => ({
  device: r.device,
  node: r.node,
  sourceTime: r.sourceTime.toISOString(),
  value: r.value,
  statusCode: r.statusCode,
  leafHash: r.leafHash.toString('hex'),
  windowStart: r.windowStart.toISOString(),
});

const fromLine = (line: ReadingLine): StoredReading => ({
  device: line.device,
  node: line.node,
  sourceTime: new Date(line.sourceTime),
  value: line.value,
  statusCode: line.statusCode,
  leafHash: Buffer.from(line.leafHash, 'hex'),
  windowStart: new Date(line.windowStart),
});

const dayOf = (partition: string): string => partition.replace(PARTITION, '$1-$2-$3');

/** Passes bytes on, hashing them. */
const hashing = (hash: ReturnType<typeof createHash>): Transform =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });

/** Makes `final` hold what `partial` holds, never replacing a file already there; then syncs the folder. */
async function publish(dir: string, partial: string, final: string): Promise<void> {
  await link(path.join(dir, partial), path.join(dir, final));
  await unlink(path.join(dir, partial));
  await syncFolder(dir);
}

/** A rename or new name survives a power cut only once its folder is synced. */
async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

export interface ArchiveOptions {
  readonly dir: string;
  readonly olderThanDays: number;
  /**
   * Whether a device's window still yields its anchored root over all its leaves, wherever they are (PostgreSQL and
   * this archive): `verifyWindow` over both (services/reading-proofs.ts), as a proof would find them.
   */
  readonly windowIntact: (device: string, windowStart: Date) => Promise<boolean>;
  readonly now?: Date;
}

interface PartitionArchiving {
  readonly partition: string;
  readonly dir: string;
  readonly now: Date;
  readonly windowIntact: ArchiveOptions['windowIntact'];
}

/**
 * Archives every partition whose day ended `olderThanDays` days or more before `now` into `dir`, then drops it. Runs as
 * a role that may drop the partitions (the database's owner or superuser).
 */
export async function archiveReadings(pool: pg.Pool, options: ArchiveOptions): Promise<ArchiveOutcome> {
  const now = options.now ?? new Date();
  const cutoff = now.getTime() - options.olderThanDays * DAY_MS;
  await mkdir(options.dir, { recursive: true, mode: 0o750 });
  const { rows: partitions } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'cold_chain_readings'::regclass ORDER BY c.relname`,
  );
  const archived: ArchiveManifest[] = [];
  const kept: { partition: string; reason: string }[] = [];
  for (const { name } of partitions) {
    if (!PARTITION.test(name) || Date.parse(`${dayOf(name)}T00:00:00Z`) + DAY_MS > cutoff) continue;
    const outcome = await archivePartition(pool, { partition: name, dir: options.dir, now, windowIntact: options.windowIntact });
    if (typeof outcome === 'string') kept.push({ partition: name, reason: outcome });
    else archived.push(outcome);
  }
  return { archived, kept };
}

/**
 * The manifest of the partition archived and dropped, or why it was kept. One transaction holds the partition against
 * writes from the first read to the drop, so no reading stored meanwhile is dropped unarchived.
 */
async function archivePartition(pool: pg.Pool, archiving: PartitionArchiving): Promise<ArchiveManifest | string> {
  const { partition } = archiving;
  const table = `"${partition}"`; // PARTITION allows letters, digits and underscores only
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const outcome = await writeArchive(client, archiving);
    if (typeof outcome === 'string') {
      await client.query('ROLLBACK');
      return outcome;
    }
    await client.query(`ALTER TABLE cold_chain_readings DETACH PARTITION ${table}`);
    await client.query(`DROP TABLE ${table}`);
    await client.query('COMMIT');
    return outcome;
  } catch (error) {
    // Files written for a partition that stays are left: whether a COMMIT that failed took effect is not known here,
    // and a reading both archived and stored is read as one (reading-proofs.ts, withArchive).
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const manifestName = (file: string): string => file.replace(/\.jsonl\.gz$/, '.manifest.json');

/** Writes the partition's file and manifest once every check holds; else why not, with nothing written. */
async function writeArchive(
  client: pg.PoolClient,
  { partition, dir, now, windowIntact }: PartitionArchiving,
): Promise<ArchiveManifest | string> {
  const table = `"${partition}"`;
  const { rows: windows } = await client.query<{
    device: string;
    window_start: Date;
    root: Buffer | null;
    leaf_count: number | null;
    anchor_tx_id: string | null;
  }>(
    `SELECT DISTINCT r.device, r.window_start, w.root, w.leaf_count, w.anchor_tx_id
       FROM ${table} r LEFT JOIN cold_chain_windows w USING (device, window_start)
      ORDER BY r.device, r.window_start`,
  );
  const open = windows.find((w) => w.root === null || w.anchor_tx_id === null);
  if (open) return `the window of ${open.device} from ${open.window_start.toISOString()} is not anchored yet`;
  // Every window must still yield its anchored root over all its leaves, here, in other days' partitions and already
  // archived: rows deleted, or a row and its leaf hash both changed, behind the ingest, are a finding to keep.
  for (const w of windows) {
    if (!(await windowIntact(w.device, w.window_start)))
      return `the window of ${w.device} from ${w.window_start.toISOString()} no longer yields its anchored root`;
  }

  let count = 0;
  async function* lines(): AsyncGenerator<string> {
    for (let after: [string, string, Date] | undefined; ;) {
      const { rows } = await client.query<ReadingRow>(
        `SELECT ${READING_COLUMNS} FROM ${table}
          WHERE $1::text IS NULL OR (device, node, source_time) > ($1::text, $2::text, $3::timestamptz)
          ORDER BY device, node, source_time LIMIT ${PAGE}`,
        after ?? [null, null, null],
      );
      for (const row of rows) {
        count += 1;
        yield `${JSON.stringify(toLine(toReading(row)))}\n`;
      }
      if (rows.length < PAGE) return;
      const last = rows.at(-1)!;
      after = [last.device, last.node, last.source_time];
    }
  }
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const file = `${partition}-${stamp}.jsonl.gz`;
  const partial = `${file}.partial`;
  const written = createHash('sha256');
  await pipeline(
    Readable.from(lines()),
    createGzip(),
    hashing(written),
    createWriteStream(path.join(dir, partial), { mode: 0o640, flags: 'wx', flush: true }),
  );
  // Read back what the disk holds, as a proof will: the same bytes, and as many lines.
  const reread = createHash('sha256');
  let lineCount = 0;
  await pipeline(
    createReadStream(path.join(dir, partial)),
    hashing(reread),
    createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const byte of chunk) if (byte === 0x0a) lineCount += 1;
        done();
      },
    }),
  );
  const sha256 = written.digest('hex');
  if (reread.digest('hex') !== sha256 || lineCount !== count) {
    await unlink(path.join(dir, partial));
    return `its file ${file} did not read back whole`;
  }
  await publish(dir, partial, file);
  const manifest: ArchiveManifest = {
    partition,
    day: dayOf(partition),
    file,
    sha256,
    readings: count,
    windows: windows.map((w) => ({
      device: w.device,
      windowStart: w.window_start.toISOString(),
      root: w.root!.toString('hex'),
      leafCount: w.leaf_count!,
      anchorTxId: w.anchor_tx_id!,
    })),
    archivedAt: now.toISOString(),
  };
  await writeFile(path.join(dir, `${manifestName(file)}.partial`), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o640,
    flag: 'wx',
    flush: true,
  });
  await publish(dir, `${manifestName(file)}.partial`, manifestName(file));
  return manifest;
}

/** The readings an organisation archived, read from its archive folder. */
export interface ReadingArchive {
  findReading(device: string, node: string, sourceTime: Date): Promise<StoredReading | undefined>;
  /** The archived readings of a device's window (a window's leaves may be archived and stored both, across midnight). */
  windowReadings(windowStart: Date, device?: string): Promise<StoredReading[]>;
}

/**
 * The archive in `dir`. Manifests are read once each and indexed by day and by window; a file is read when a proof
 * needs it (the last one kept), checked against its manifest's SHA-256 first.
 */
export function readingArchive(dir: string): ReadingArchive {
  const manifests = new Map<string, ArchiveManifest>();
  const byDay = new Map<string, ArchiveManifest[]>();
  const byWindow = new Map<string, ArchiveManifest[]>();
  const windowKey = (device: string, windowStart: string): string => `${device}@${windowStart}`;
  const add = (index: Map<string, ArchiveManifest[]>, key: string, manifest: ArchiveManifest): void => {
    index.set(key, [...(index.get(key) ?? []), manifest]);
  };
  const refresh = async (): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.manifest.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing archived yet
      throw error;
    }
    for (const name of names.filter((n) => !manifests.has(n))) {
      const manifest = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as ArchiveManifest;
      if (!ARCHIVE_FILE.test(manifest.file))
        throw new ArchiveAlteredError(`archive manifest ${name} names no archive file: ${manifest.file}`);
      manifests.set(name, manifest);
      add(byDay, manifest.day, manifest);
      for (const w of manifest.windows) add(byWindow, windowKey(w.device, w.windowStart), manifest);
    }
  };
  let last: { readonly file: string; readonly readings: StoredReading[] } | undefined;
  const readingsOf = async (manifest: ArchiveManifest): Promise<StoredReading[]> => {
    if (last?.file === manifest.file) return last.readings;
    let gz: Buffer;
    try {
      gz = await readFile(path.join(dir, manifest.file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ArchiveAlteredError(`archive file ${manifest.file}, which its manifest names, is missing`);
      throw error;
    }
    if (createHash('sha256').update(gz).digest('hex') !== manifest.sha256)
      throw new ArchiveAlteredError(`archive file ${manifest.file} does not match its manifest's SHA-256`);
    const readings = (await promisify(gunzip)(gz))
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => fromLine(JSON.parse(line) as ReadingLine));
    last = { file: manifest.file, readings };
    return readings;
  };
  return {
    async findReading(device, node, sourceTime) {
      await refresh();
      for (const manifest of byDay.get(sourceTime.toISOString().slice(0, 10)) ?? []) {
        const found = (await readingsOf(manifest)).find(
          (r) => r.device === device && r.node === node && r.sourceTime.getTime() === sourceTime.getTime(),
        );
        if (found) return found;
      }
      return undefined;
    },
    async windowReadings(windowStart, device) {
      await refresh();
      const start = windowStart.toISOString();
      const named =
        device === undefined
          ? [...byWindow].filter(([key]) => key.endsWith(`@${start}`)).flatMap(([, list]) => list)
          : (byWindow.get(windowKey(device, start)) ?? []);
      const found: StoredReading[] = [];
      for (const manifest of new Set(named)) {
        for (const r of await readingsOf(manifest))
          if (r.windowStart.getTime() === windowStart.getTime() && (device === undefined || r.device === device)) found.push(r);
      }
      return found;
    },
  };
}
