// The cold chain's read side, the face the gateway serves from: readings, excursions and proofs over PostgreSQL, the
// configured devices, and reading ids. Apart from the package's main face, which loads OPC UA.
export * from './services';
export { MAX_BUCKETS } from './services/reading-series';
export { loadColdChainConfig, type ColdChainConfig, type DeviceConfig } from './config';
export { parseReadingId, readingId } from './merkle/reading-leaf';
export { readingArchiveDir } from './paths';
