// The consortium's definition: topology, file layout and the configuration generated from them.
export * from './topology';
export * from './layout';
export { writeMsp } from './msp';
export { configtx, channelProfile, endorsementPolicy } from './configtx';
export { collectionsConfig, screeningCollectionName, type CollectionDefinition } from './collections';
export { peerConfig, ordererConfig } from './node-config';
export { probe, caHealthy, operationsHealthy, tlsHandshake, raftLeader, httpsGet, type ClientCertificate } from './probes';
