// The cold chain's public face: the parts tests and the benchmark compose (device server, ingest, reading store,
// Merkle proofs). Loads OPC UA; the launcher's descriptors are the face `./service`, the gateway's read side the face
// `./queries`.
export * from './queries';
export { coldChainDevicesService, coldChainIngestService, registerColdChainDevices, runsColdChainDevices } from './service';
export { parseColdChainConfig, type DeviceServerConfig } from './config';
export { startDeviceServer, type DeviceServer } from './devices/device-server';
export { parseFault, type Fault } from './devices/faults';
export { startIngest, type Ingest, type IngestOptions, type IngestStatus } from './ingest/ingest-service';
export { ledgerRuleSource, type RuleReader } from './ingest/ledger-rules';
export type { StorageRule, Excursion } from './ingest/excursion-tracker';
export {
  LedgerRefusal,
  type Anchorer,
  type ExcursionReport,
  type ExcursionReporter,
  type IngestLedger,
  type WindowRoots,
  type DeviceRoot,
} from './ingest/ledger-ports';
export { fabricIngestLedger, registerDevices, type DeviceRegistration } from './ingest/fabric-ledger';
export { provision, type Provisioned } from './provision';
export { merkleRoot, inclusionProof, verifyInclusion, leafHash, type InclusionProof } from './merkle/tree';
export { canonicalReading, readingLeafHash, type Reading } from './merkle/reading-leaf';
export { ReadingStore, type StoredReading } from './ingest/reading-store';
export { WindowSealer } from './ingest/window-sealer';
export { readingInclusionProof, verifyWindow, withArchive, type ReadingSource } from './services/reading-proofs';
export { archiveReadings, readingArchive, type ArchiveManifest, type ArchiveOutcome } from './archive/reading-archive';
export { readingArchiveDir } from './paths';
