// The cold chain's read side for the GraphQL gateway: one object over a pool, thin enough to mount as resolvers.
import type pg from 'pg';
import { ReadingStore } from '../ingest/reading-store';
import { listExcursions, type ExcursionQuery, type ExcursionView } from './excursion-list';
import { readingArchive } from '../archive/reading-archive';
import { readingInclusionProof, verifyWindow, withArchive, type ReadingInclusionProof, type WindowVerification } from './reading-proofs';
import {
  downsampledReadings,
  rawReadings,
  shipmentSeriesQuery,
  type RawReading,
  type ReadingBucket,
  type SeriesQuery,
  type ShipmentLeg,
} from './reading-series';

export interface ColdChainQueries {
  readings(query: SeriesQuery & { buckets?: undefined }): Promise<RawReading[]>;
  readingBuckets(query: SeriesQuery & { buckets: number }): Promise<ReadingBucket[]>;
  shipmentReadings(leg: ShipmentLeg, buckets: number): Promise<ReadingBucket[]>;
  excursions(query?: ExcursionQuery): Promise<ExcursionView[]>;
  inclusionProof(readingId: string): Promise<ReadingInclusionProof>;
  verifyWindow(device: string, windowStart: Date): Promise<WindowVerification>;
  /** Every anchored window, its root recomputed over its readings (PostgreSQL's or the archive's). */
  auditAnchoredWindows(): Promise<WindowAudit>;
}

export interface WindowAudit {
  readonly windows: number;
  readonly intact: number;
  readonly broken: readonly { readonly device: string; readonly windowStart: string; readonly detail: string }[];
}

/** Why a window's verification failed, in a line. */
function brokenDetail(v: WindowVerification): string {
  if (v.root === null) return 'the window holds no root';
  const parts = [`its readings hash to ${v.recomputedRoot}, not to the anchored root ${v.root}`];
  if (v.alteredReadings.length > 0) parts.push(`altered readings: ${v.alteredReadings.join(', ')}`);
  if (v.leafCountMismatch) parts.push(`${v.leafCountMismatch.stored} readings stored of ${v.leafCountMismatch.anchored} anchored`);
  return parts.join('; ');
}

/** `archiveDir`: where the organisation's archived readings are (reading-archive.ts), which proofs read besides PostgreSQL. */
export function coldChainQueries(pool: pg.Pool, archiveDir?: string): ColdChainQueries {
  const stored = new ReadingStore(pool);
  const store = archiveDir === undefined ? stored : withArchive(stored, readingArchive(archiveDir));
  return {
    readings: (query) => rawReadings(pool, query),
    readingBuckets: (query) => downsampledReadings(pool, query),
    shipmentReadings: (leg, buckets) => downsampledReadings(pool, { ...shipmentSeriesQuery(leg), buckets }),
    excursions: (query) => listExcursions(pool, query),
    inclusionProof: (readingId) => readingInclusionProof(store, readingId),
    verifyWindow: (device, windowStart) => verifyWindow(store, device, windowStart),
    async auditAnchoredWindows() {
      const { rows } = await pool.query<{ device: string; window_start: Date }>(
        'SELECT device, window_start FROM cold_chain_windows WHERE anchor_tx_id IS NOT NULL ORDER BY window_start, device',
      );
      const broken: { device: string; windowStart: string; detail: string }[] = [];
      for (const { device, window_start: windowStart } of rows) {
        try {
          const verification = await verifyWindow(store, device, windowStart);
          if (!verification.intact) broken.push({ device, windowStart: windowStart.toISOString(), detail: brokenDetail(verification) });
        } catch (error) {
          broken.push({ device, windowStart: windowStart.toISOString(), detail: error instanceof Error ? error.message : String(error) });
        }
      }
      return { windows: rows.length, intact: rows.length - broken.length, broken };
    },
  };
}

export type {
  ExcursionQuery,
  ExcursionView,
  RawReading,
  ReadingBucket,
  ReadingInclusionProof,
  SeriesQuery,
  ShipmentLeg,
  WindowVerification,
};
export { ReadingNotFoundError } from './reading-proofs';
export { ArchiveAlteredError } from '../archive/reading-archive';
