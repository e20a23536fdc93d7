// The cold chain's SQL: readings, their windows and anchors, and excursions (schema in
// gateway-api/migrations/*_cold-chain-readings.sql). Rows are parsed here, at the boundary.
import type pg from 'pg';
import { readingId, type Reading } from '../merkle/reading-leaf';
import type { Excursion, StorageRule } from './excursion-tracker';
import type { DeviceRoot, WindowRoots } from './ledger-ports';
import type { Window } from './windows';

export interface HashedReading extends Reading {
  readonly leafHash: Buffer;
}

export interface StoredReading extends HashedReading {
  readonly windowStart: Date;
}

/** A reading's row as PostgreSQL answers READING_COLUMNS. */
export interface ReadingRow {
  device: string;
  node: string;
  source_time: Date;
  value: number | null;
  status_code: string;
  leaf_hash: Buffer;
  window_start: Date;
}
export const toReading = (row: ReadingRow): StoredReading => ({
  device: row.device,
  node: row.node,
  sourceTime: row.source_time,
  value: row.value,
  statusCode: Number(row.status_code),
  leafHash: row.leaf_hash,
  windowStart: row.window_start,
});
export const READING_COLUMNS = 'device, node, source_time, value, status_code, leaf_hash, window_start';

interface ExcursionRow {
  id: string;
  device: string;
  node: string;
  started_at: Date;
  ended_at: Date | null;
  last_reading_at: Date;
  peak_value: number;
  peak_reading_at: Date;
  severity: 'tolerated' | 'violation';
  rule: StorageRule;
  evidence_window: Date;
  reported_severity: string | null;
  reported_tx_id: string | null;
}
export interface StoredExcursion extends Excursion {
  readonly reportedSeverity: string | null;
  readonly reportedTxId: string | null;
}
const toExcursion = (row: ExcursionRow): StoredExcursion => ({
  id: row.id,
  device: row.device,
  node: row.node,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  lastReadingAt: row.last_reading_at,
  peakValue: row.peak_value,
  peakReadingAt: row.peak_reading_at,
  severity: row.severity,
  rule: row.rule,
  evidenceWindow: row.evidence_window,
  reportedSeverity: row.reported_severity,
  reportedTxId: row.reported_tx_id,
});

const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
/** PostgreSQL's check_violation, which an insert into a partitioned table with no partition for the row raises. */
const NO_PARTITION_FOR_ROW = '23514';

export class ReadingStore {
  readonly #pool: pg.Pool;
  readonly #partitions = new Set<string>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Creates the daily partitions for these instants when missing (remembered, so each day costs one call). */
  async ensurePartitions(instants: Iterable<Date>): Promise<void> {
    const days = [...new Set([...instants].map(utcDay))].filter((d) => !this.#partitions.has(d));
    for (const day of days) {
      await this.#pool.query('SELECT cold_chain_ensure_partition($1::date)', [day]);
      this.#partitions.add(day);
    }
  }

  /**
   * Stores readings in `window`; a reading already stored (same device, node and source time) is skipped.
   * Readings and their window's row are written in one statement. Returns how many were new.
   */
  async insertReadings(readings: readonly HashedReading[], window: Window): Promise<number> {
    try {
      return await this.#insertReadings(readings, window);
    } catch (error) {
      // A day's partition this store made was dropped since (its readings archived: archive/reading-archive.ts): a
      // reading of that day, delivered late, makes it again rather than being refused for ever.
      if ((error as { code?: unknown }).code !== NO_PARTITION_FOR_ROW) throw error;
      this.#partitions.clear();
      return this.#insertReadings(readings, window);
    }
  }

  async #insertReadings(readings: readonly HashedReading[], window: Window): Promise<number> {
    await this.ensurePartitions(readings.map((r) => r.sourceTime));
    const result = await this.#pool.query<{ inserted: number }>(
      `WITH inserted AS (
         INSERT INTO cold_chain_readings (device, node, source_time, value, status_code, leaf_hash, window_start)
         SELECT d, n, t, v, s, decode(h, 'hex'), $7
           FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::bigint[], $6::text[]) AS r(d, n, t, v, s, h)
         ON CONFLICT DO NOTHING
         RETURNING device
       ), windows AS (
         INSERT INTO cold_chain_windows (window_start, device, window_end)
         SELECT DISTINCT $7::timestamptz, device, $8::timestamptz FROM inserted
         ON CONFLICT DO NOTHING
       )
       SELECT count(*)::int AS inserted FROM inserted`,
      [
        readings.map((r) => r.device),
        readings.map((r) => r.node),
        readings.map((r) => r.sourceTime.toISOString()),
        readings.map((r) => r.value),
        readings.map((r) => r.statusCode),
        readings.map((r) => r.leafHash.toString('hex')),
        window.start.toISOString(),
        window.end.toISOString(),
      ],
    );
    return result.rows[0]?.inserted ?? 0;
  }

  /** The last stored source time of every signal (`device/node`), where a restarted ingest resumes. */
  async lastSourceTimes(): Promise<Map<string, Date>> {
    const { rows } = await this.#pool.query<{ device: string; node: string; last: Date }>(
      'SELECT device, node, max(source_time) AS last FROM cold_chain_readings GROUP BY device, node',
    );
    return new Map(rows.map((r) => [`${r.device}/${r.node}`, r.last]));
  }

  /**
   * Per signal (`device/node`), the last source time in its device's newest sealed window: the ingest stores
   * nothing of that signal at or before it (source-time-guard.ts), so it is the last one any sealed window holds.
   */
  async sealedThrough(): Promise<Map<string, Date>> {
    const { rows } = await this.#pool.query<{ device: string; node: string; last: Date }>(
      `SELECT r.device, r.node, max(r.source_time) AS last
         FROM (SELECT device, max(window_start) AS window_start FROM cold_chain_windows WHERE root IS NOT NULL GROUP BY device) w
         JOIN cold_chain_readings r ON r.device = w.device AND r.window_start = w.window_start
        GROUP BY r.device, r.node`,
    );
    return new Map(rows.map((r) => [`${r.device}/${r.node}`, r.last]));
  }

  /** The ids (readingId) of those of these readings that are stored already. Creates no partition. */
  async storedReadingIds(readings: readonly Reading[]): Promise<Set<string>> {
    const { rows } = await this.#pool.query<{ device: string; node: string; source_time: Date }>(
      `SELECT r.device, r.node, r.source_time FROM cold_chain_readings r
         JOIN unnest($1::text[], $2::text[], $3::timestamptz[]) AS k(device, node, source_time)
           ON r.device = k.device AND r.node = k.node AND r.source_time = k.source_time`,
      [readings.map((r) => r.device), readings.map((r) => r.node), readings.map((r) => r.sourceTime.toISOString())],
    );
    return new Set(rows.map((r) => readingId({ device: r.device, node: r.node, sourceTime: r.source_time })));
  }

  /** Windows that received readings and are not sealed yet, oldest first, ending at or before `before`. */
  async unsealedWindows(before: Date): Promise<Window[]> {
    const { rows } = await this.#pool.query<{ window_start: Date; window_end: Date }>(
      `SELECT DISTINCT window_start, window_end FROM cold_chain_windows
        WHERE root IS NULL AND window_end <= $1 ORDER BY window_start`,
      [before.toISOString()],
    );
    return rows.map((r) => ({ start: r.window_start, end: r.window_end }));
  }

  /** Every reading stored in a window, in leaf order: device, node (byte order, whatever the collation), source time. */
  async windowReadings(windowStart: Date, device?: string): Promise<StoredReading[]> {
    const { rows } = await this.#pool.query<ReadingRow>(
      `SELECT ${READING_COLUMNS} FROM cold_chain_readings
        WHERE window_start = $1 AND ($2::text IS NULL OR device = $2) ORDER BY device COLLATE "C", node COLLATE "C", source_time`,
      [windowStart.toISOString(), device ?? null],
    );
    return rows.map(toReading);
  }

  async findReading(device: string, node: string, sourceTime: Date): Promise<StoredReading | undefined> {
    const { rows } = await this.#pool.query<ReadingRow>(
      `SELECT ${READING_COLUMNS} FROM cold_chain_readings WHERE device = $1 AND node = $2 AND source_time = $3`,
      [device, node, sourceTime.toISOString()],
    );
    return rows[0] ? toReading(rows[0]) : undefined;
  }

  /** Seals a window (every device's root) and records the excursions found in it, in one transaction. */
  async sealWindow(windowStart: Date, roots: readonly DeviceRoot[], excursions: readonly Excursion[]): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `UPDATE cold_chain_windows w SET root = decode(r.root, 'hex'), leaf_count = r.leaf_count, sealed_at = now()
           FROM unnest($2::text[], $3::text[], $4::int[]) AS r(device, root, leaf_count)
          WHERE w.window_start = $1 AND w.device = r.device AND w.root IS NULL`,
        [windowStart.toISOString(), roots.map((r) => r.device), roots.map((r) => r.root.toString('hex')), roots.map((r) => r.leafCount)],
      );
      for (const e of excursions) {
        await client.query(
          `INSERT INTO cold_chain_excursions (id, device, node, started_at, ended_at, last_reading_at, peak_value, peak_reading_at, severity, rule, evidence_window)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (id) DO UPDATE SET ended_at = EXCLUDED.ended_at, last_reading_at = EXCLUDED.last_reading_at,
             peak_value = EXCLUDED.peak_value, peak_reading_at = EXCLUDED.peak_reading_at, severity = EXCLUDED.severity,
             evidence_window = EXCLUDED.evidence_window`,
          [
            e.id,
            e.device,
            e.node,
            e.startedAt,
            e.endedAt,
            e.lastReadingAt,
            e.peakValue,
            e.peakReadingAt,
            e.severity,
            JSON.stringify(e.rule),
            e.evidenceWindow,
          ],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The excursion still running on a device's signal, if any. */
  async openExcursion(device: string, node: string): Promise<Excursion | undefined> {
    const { rows } = await this.#pool.query<ExcursionRow>(
      'SELECT * FROM cold_chain_excursions WHERE device = $1 AND node = $2 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1',
      [device, node],
    );
    return rows[0] ? toExcursion(rows[0]) : undefined;
  }

  /**
   * Sealed windows with roots not yet anchored (nor refused), oldest first, each with those device roots: of the
   * devices `only` names, or of every device but those `except` names.
   */
  async unanchoredWindows(limit: number, devices: { only?: readonly string[]; except?: readonly string[] } = {}): Promise<WindowRoots[]> {
    const pending = `root IS NOT NULL AND anchor_tx_id IS NULL AND anchor_refusal IS NULL
      AND ($2::text[] IS NULL OR device = ANY($2)) AND ($3::text[] IS NULL OR device <> ALL($3))`;
    const { rows } = await this.#pool.query<{ window_start: Date; window_end: Date; device: string; root: Buffer; leaf_count: number }>(
      `SELECT window_start, window_end, device, root, leaf_count FROM cold_chain_windows
        WHERE ${pending} AND window_start IN (SELECT DISTINCT window_start FROM cold_chain_windows WHERE ${pending} ORDER BY window_start LIMIT $1)
        ORDER BY window_start, device COLLATE "C"`,
      [limit, devices.only ?? null, devices.except ?? null],
    );
    const windows = new Map<number, { windowStart: Date; windowEnd: Date; roots: DeviceRoot[] }>();
    for (const row of rows) {
      const key = row.window_start.getTime();
      const window = windows.get(key) ?? { windowStart: row.window_start, windowEnd: row.window_end, roots: [] };
      window.roots.push({ device: row.device, root: row.root, leafCount: row.leaf_count });
      windows.set(key, window);
    }
    return [...windows.values()];
  }

  /** A device's sealed window: its root and leaf count, and the anchoring transaction once there is one. */
  async windowSeal(
    device: string,
    windowStart: Date,
  ): Promise<{ root: Buffer | null; leafCount: number | null; txId: string | null } | undefined> {
    const { rows } = await this.#pool.query<{ root: Buffer | null; leaf_count: number | null; anchor_tx_id: string | null }>(
      'SELECT root, leaf_count, anchor_tx_id FROM cold_chain_windows WHERE device = $1 AND window_start = $2',
      [device, windowStart.toISOString()],
    );
    const row = rows[0];
    return row ? { root: row.root, leafCount: row.leaf_count, txId: row.anchor_tx_id } : undefined;
  }

  /** Stores the transaction that anchored these devices' roots of a window (one site's transaction). */
  async recordAnchor(windowStart: Date, devices: readonly string[], txId: string): Promise<void> {
    await this.#pool.query(
      `UPDATE cold_chain_windows SET anchor_tx_id = $3, anchored_at = now(), anchor_refusal = NULL
        WHERE window_start = $1 AND device = ANY($2) AND root IS NOT NULL`,
      [windowStart.toISOString(), devices, txId],
    );
  }

  /** Records why the ledger refused these devices' roots of a window for good; they are not retried. */
  async recordAnchorRefusal(windowStart: Date, devices: readonly string[], reason: string): Promise<void> {
    await this.#pool.query(
      'UPDATE cold_chain_windows SET anchor_refusal = $3 WHERE window_start = $1 AND device = ANY($2) AND anchor_tx_id IS NULL',
      [windowStart.toISOString(), devices, reason],
    );
  }

  /**
   * Excursions of these devices new, escalated or ended since last reported, whose evidence window is anchored or
   * was refused by the ledger for good (`evidenceRefusal` then says why: such an excursion can never be raised).
   */
  async unreportedExcursions(devices: readonly string[]): Promise<(StoredExcursion & { readonly evidenceRefusal: string | null })[]> {
    const { rows } = await this.#pool.query<ExcursionRow & { evidence_refusal: string | null }>(
      `SELECT e.*, CASE WHEN w.anchor_tx_id IS NULL THEN w.anchor_refusal END AS evidence_refusal FROM cold_chain_excursions e
         JOIN cold_chain_windows w ON w.window_start = e.evidence_window AND w.device = e.device
          AND (w.anchor_tx_id IS NOT NULL OR w.anchor_refusal IS NOT NULL)
        WHERE e.device = ANY($1)
          AND (e.reported_severity IS DISTINCT FROM e.severity OR e.reported_ended_at IS DISTINCT FROM e.ended_at)
        ORDER BY e.started_at`,
      [devices],
    );
    return rows.map((row) => ({ ...toExcursion(row), evidenceRefusal: row.evidence_refusal }));
  }

  async recordExcursionReport(excursion: Excursion, txId: string): Promise<void> {
    await this.#pool.query(
      `UPDATE cold_chain_excursions SET reported_severity = $2, reported_ended_at = $3, reported_tx_id = $4, reported_at = now(), report_refusal = NULL
        WHERE id = $1`,
      [excursion.id, excursion.severity, excursion.endedAt, txId],
    );
  }

  /** Records why this state of the excursion was not (or could not be) put on the ledger; a later change is reported again. */
  async recordExcursionRefusal(excursion: Excursion, reason: string): Promise<void> {
    await this.#pool.query(
      'UPDATE cold_chain_excursions SET reported_severity = $2, reported_ended_at = $3, reported_at = now(), report_refusal = $4 WHERE id = $1',
      [excursion.id, excursion.severity, excursion.endedAt, reason],
    );
  }
}
