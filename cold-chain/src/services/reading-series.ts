// Readings of a device (or of the logger that travelled with a shipment) over a time range: raw, or
// downsampled into equal buckets for charts (count, min, max, mean, and how many readings were not Good).
import type pg from 'pg';
import { readingId } from '../merkle/reading-leaf';

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

export interface SeriesQuery extends TimeRange {
  readonly device: string;
  /** One signal (`temperature`, `ph`, `centrifugeSpeed`); every signal of the device when omitted. */
  readonly node?: string;
  /** Downsample into this many equal buckets; raw readings when omitted. */
  readonly buckets?: number;
}

export interface RawReading {
  readonly id: string;
  readonly device: string;
  readonly node: string;
  readonly sourceTime: Date;
  readonly value: number | null;
  readonly statusCode: number;
}

export interface ReadingBucket {
  readonly node: string;
  readonly from: Date;
  readonly to: Date;
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Readings with a Bad or Uncertain status in the bucket (not counted in min, max, mean). */
  readonly notGood: number;
}

export const MAX_RAW_READINGS = 10_000;
export const MAX_BUCKETS = 2_000;

function checkQuery(query: SeriesQuery): void {
  if (!(query.from.getTime() < query.to.getTime())) throw new RangeError('from: must be earlier than to');
  if (query.buckets !== undefined && (!Number.isInteger(query.buckets) || query.buckets < 1 || query.buckets > MAX_BUCKETS)) {
    throw new RangeError(`buckets: must be an integer from 1 to ${MAX_BUCKETS}`);
  }
}

/** Raw readings in source-time order, at most MAX_RAW_READINGS (ask for buckets over longer ranges). */
export async function rawReadings(pool: pg.Pool, query: SeriesQuery): Promise<RawReading[]> {
  checkQuery(query);
  const { rows } = await pool.query<{ device: string; node: string; source_time: Date; value: number | null; status_code: string }>(
    `SELECT device, node, source_time, value, status_code FROM cold_chain_readings
      WHERE device = $1 AND ($2::text IS NULL OR node = $2) AND source_time >= $3 AND source_time < $4
      ORDER BY source_time, node LIMIT $5`,
    [query.device, query.node ?? null, query.from.toISOString(), query.to.toISOString(), MAX_RAW_READINGS + 1],
  );
  if (rows.length > MAX_RAW_READINGS) {
    throw new RangeError(`buckets: the range holds more than ${MAX_RAW_READINGS} readings; ask for buckets or a shorter range`);
  }
  return rows.map((r) => {
    const base = { device: r.device, node: r.node, sourceTime: r.source_time };
    return { id: readingId(base), ...base, value: r.value, statusCode: Number(r.status_code) };
  });
}

/** Equal-width buckets over [from, to); empty buckets are left out. */
export async function downsampledReadings(pool: pg.Pool, query: SeriesQuery & { readonly buckets: number }): Promise<ReadingBucket[]> {
  checkQuery(query);
  const widthMs = (query.to.getTime() - query.from.getTime()) / query.buckets;
  const { rows } = await pool.query<{
    node: string;
    bucket: number;
    count: string;
    min: number | null;
    max: number | null;
    mean: number | null;
    not_good: string;
  }>(
    `SELECT node, floor(extract(epoch FROM source_time - $3::timestamptz) * 1000 / $5)::int AS bucket,
            count(*) AS count,
            min(value) FILTER (WHERE status_code = 0) AS min, max(value) FILTER (WHERE status_code = 0) AS max,
            avg(value) FILTER (WHERE status_code = 0) AS mean, count(*) FILTER (WHERE status_code <> 0) AS not_good
       FROM cold_chain_readings
      WHERE device = $1 AND ($2::text IS NULL OR node = $2) AND source_time >= $3 AND source_time < $4
      GROUP BY node, bucket ORDER BY node, bucket`,
    [query.device, query.node ?? null, query.from.toISOString(), query.to.toISOString(), widthMs],
  );
  return rows.map((r) => ({
    node: r.node,
    from: new Date(query.from.getTime() + r.bucket * widthMs),
    to: new Date(query.from.getTime() + (r.bucket + 1) * widthMs),
    count: Number(r.count),
    min: r.min,
    max: r.max,
    mean: r.mean,
    notGood: Number(r.not_good),
  }));
}

/**
 * A shipment's readings are those of the logger that travelled with it, while it travelled. The shipment
 * record (which logger, departure, arrival) is the ledger's; the caller passes what it holds.
 */
export interface ShipmentLeg extends TimeRange {
  readonly loggerDevice: string;
}

export const shipmentSeriesQuery = (leg: ShipmentLeg, options: { node?: string; buckets?: number } = {}): SeriesQuery => ({
  device: leg.loggerDevice,
  from: leg.from,
  to: leg.to,
  node: options.node ?? 'temperature',
  buckets: options.buckets,
});
