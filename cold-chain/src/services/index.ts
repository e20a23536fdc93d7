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
