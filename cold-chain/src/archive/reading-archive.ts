// Readings past the age an organisation keeps them in PostgreSQL move to its archive: one gzip file of JSON lines per
// day's partition, beside a manifest with the file's SHA-256, its count and the anchored window roots its readings are
// leaves of. A partition is dropped only when every window of it is anchored and its file has been written, read back
// and every leaf recomputed. An archived reading is still proven (reading-proofs.ts): its window's leaves come from the
// archive and PostgreSQL together, its root from cold_chain_windows, which stays.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import { readingId, readingLeafHash } from '../merkle/reading-leaf';
import type { StoredReading } from '../ingest/reading-store';

const PARTITION = /^cold_chain_readings_(\d{4})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;
const PAGE = 10_000;

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
  /** Partitions old enough but kept, and why (a window not anchored yet, a reading that no longer matches its leaf). */
  readonly kept: readonly { readonly partition: string; readonly reason: string }[];
}

/** A file that does not match its manifest: the archive was altered, and nothing in it is served as proven. */
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

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const dayOf = (partition: string): string => partition.replace(PARTITION, '$1-$2-$3');

/** Writes `bytes` to `file` whole or not at all: a crash leaves the old file or none, never half of one. */
function writeWhole(file: string, bytes: Buffer | string): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o640, flush: true });
  renameSync(partial, file);
}

/**
 * Archives every partition whose day ended `olderThanDays` days or more before `now` into `dir`, then drops it. Runs as
 * the database's owner (only the owner drops a partition).
 */
export async function archiveReadings(
  pool: pg.Pool,
  options: { readonly dir: string; readonly olderThanDays: number; readonly now?: Date },
): Promise<ArchiveOutcome> {
  const now = options.now ?? new Date();
  const cutoff = now.getTime() - options.olderThanDays * DAY_MS;
  mkdirSync(options.dir, { recursive: true, mode: 0o750 });
  const { rows: partitions } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'cold_chain_readings' ORDER BY c.relname`,
  );
  const archived: ArchiveManifest[] = [];
  const kept: { partition: string; reason: string }[] = [];
  for (const { name } of partitions) {
    if (!PARTITION.test(name) || Date.parse(`${dayOf(name)}T00:00:00Z`) + DAY_MS > cutoff) continue;
    const outcome = await archivePartition(pool, name, options.dir, now);
    if (typeof outcome === 'string') kept.push({ partition: name, reason: outcome });
    else archived.push(outcome);
  }
  return { archived, kept };
}

/** The manifest of the partition archived and dropped, or why it was kept. */
async function archivePartition(pool: pg.Pool, partition: string, dir: string, now: Date): Promise<ArchiveManifest | string> {
  const table = `"${partition}"`; // PARTITION allows letters, digits and underscores only
  const { rows: windows } = await pool.query<{
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

  const lines: string[] = [];
  for (let after: [string, string, Date] | undefined; ;) {
    const { rows } = await pool.query<{
      device: string;
      node: string;
      source_time: Date;
      value: number | null;
      status_code: string;
      leaf_hash: Buffer;
      window_start: Date;
    }>(
      `SELECT device, node, source_time, value, status_code, leaf_hash, window_start FROM ${table}
        WHERE $1::text IS NULL OR (device, node, source_time) > ($1::text, $2::text, $3::timestamptz)
        ORDER BY device, node, source_time LIMIT ${PAGE}`,
      after ?? [null, null, null],
    );
    for (const r of rows) {
      const reading: StoredReading = {
        device: r.device,
        node: r.node,
        sourceTime: r.source_time,
        value: r.value,
        statusCode: Number(r.status_code),
        leafHash: r.leaf_hash,
        windowStart: r.window_start,
      };
      if (!readingLeafHash(reading).equals(reading.leafHash)) return `reading ${readingId(reading)} no longer matches its leaf`;
      lines.push(JSON.stringify(toLine(reading)));
    }
    if (rows.length < PAGE) break;
    const last = rows.at(-1)!;
    after = [last.device, last.node, last.source_time];
  }

  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const file = `${partition}-${stamp}.jsonl.gz`;
  const gz = gzipSync(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  writeWhole(path.join(dir, file), gz);
  // Read back what the disk holds, as the proof will.
  const reread = readFileSync(path.join(dir, file));
  if (sha256(reread) !== sha256(gz) || parseLines(reread).length !== lines.length) return `its file ${file} did not read back whole`;
  const manifest: ArchiveManifest = {
    partition,
    day: dayOf(partition),
    file,
    sha256: sha256(reread),
    readings: lines.length,
    windows: windows.map((w) => ({
      device: w.device,
      windowStart: w.window_start.toISOString(),
      root: w.root!.toString('hex'),
      leafCount: w.leaf_count!,
      anchorTxId: w.anchor_tx_id!,
    })),
    archivedAt: now.toISOString(),
  };
  writeWhole(path.join(dir, `${partition}-${stamp}.manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`);

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`ALTER TABLE cold_chain_readings DETACH PARTITION ${table}`);
    await client.query(`DROP TABLE ${table}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return manifest;
}

const parseLines = (gz: Buffer): ReadingLine[] =>
  gunzipSync(gz)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ReadingLine);

/** The readings an organisation archived, read from its archive folder. */
export interface ReadingArchive {
  findReading(device: string, node: string, sourceTime: Date): Promise<StoredReading | undefined>;
  /** The archived readings of a device's window (a window's leaves may be archived and stored both, across midnight). */
  windowReadings(windowStart: Date, device?: string): Promise<StoredReading[]>;
}

export function readingArchive(dir: string): ReadingArchive {
  const manifests = (): ArchiveManifest[] => {
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith('.manifest.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // nothing archived yet
      throw error;
    }
    return names.map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ArchiveManifest);
  };
  /** The readings of a file, once it is checked against its manifest. */
  const readingsOf = (manifest: ArchiveManifest): StoredReading[] => {
    const gz = readFileSync(path.join(dir, manifest.file));
    if (sha256(gz) !== manifest.sha256)
      throw new ArchiveAlteredError(`archive file ${manifest.file} does not match its manifest's SHA-256`);
    return parseLines(gz).map(fromLine);
  };
  return {
    async findReading(device, node, sourceTime) {
      const day = sourceTime.toISOString().slice(0, 10);
      for (const manifest of manifests().filter((m) => m.day === day)) {
        const found = readingsOf(manifest).find(
          (r) => r.device === device && r.node === node && r.sourceTime.getTime() === sourceTime.getTime(),
        );
        if (found) return found;
      }
      return undefined;
    },
    async windowReadings(windowStart, device) {
      const start = windowStart.toISOString();
      return manifests()
        .filter((m) => m.windows.some((w) => w.windowStart === start && (device === undefined || w.device === device)))
        .flatMap(readingsOf)
        .filter((r) => r.windowStart.getTime() === windowStart.getTime() && (device === undefined || r.device === device));
    },
  };
}
