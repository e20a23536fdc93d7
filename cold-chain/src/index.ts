// The cold chain's public face: the launcher hooks, the gateway's queries, and the parts tests and the
// benchmark compose (device server, ingest, Merkle proofs).
export { startColdChain, stopColdChain, DEVICES_PROCESS, INGEST_PROCESS } from './launch';
export { coldChainQueries, ReadingNotFoundError } from './services';
export type {
  ColdChainQueries, ExcursionQuery, ExcursionView, RawReading, ReadingBucket, ReadingInclusionProof, SeriesQuery, ShipmentLeg, WindowVerification,
} from './services';
export { loadColdChainConfig, parseColdChainConfig, type ColdChainConfig, type DeviceConfig, type DeviceServerConfig } from './config';
export { startDeviceServer, type DeviceServer } from './devices/device-server';
export { parseFault, type Fault } from './devices/faults';
export { startIngest, type Ingest, type IngestOptions, type IngestStatus } from './ingest/ingest-service';
export { ledgerRuleSource, type RuleReader } from './ingest/ledger-rules';
export type { StorageRule, Excursion } from './ingest/excursion-tracker';
export { LedgerRefusal, type Anchorer, type ExcursionReport, type ExcursionReporter, type IngestLedger, type WindowRoots, type DeviceRoot } from './ingest/ledger-ports';
export { fabricIngestLedger, registerDevices, type DeviceRegistration } from './ingest/fabric-ledger';
export { provision, type Provisioned } from './provision';
export { merkleRoot, inclusionProof, verifyInclusion, leafHash, type InclusionProof } from './merkle/tree';
export { canonicalReading, readingLeafHash, readingId, parseReadingId, type Reading } from './merkle/reading-leaf';
