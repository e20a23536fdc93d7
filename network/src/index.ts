// The consortium's definition: topology, file layout and the configuration generated from them.
export * from './topology';
export * from './layout';
export { writeMsp } from './msp';
export {
  BLOCK_CUTTING,
  type BlockCutting,
  configtx,
  channelProfile,
  endorsementPolicy,
  genesisEndorsementPolicy,
  memberConfigtx,
} from './configtx';
export {
  CARD_FORMAT,
  organisationCard,
  organisationCardFile,
  readOrganisationCard,
  receivedCard,
  receiveOrganisationCard,
  writeOrganisationCard,
  type CardNode,
  type OrganisationCard,
} from './organisation-card';
export { collectionsConfig, screeningCollectionName, type CollectionDefinition } from './collections';
export { chaincodeClientTlsEnv, mergeSettings, ordererConfig, ordererSettings, peerConfig, peerSettings } from './node-config';
export {
  probe,
  probeNode,
  caHealthy,
  operationsHealthy,
  tlsHandshake,
  raftLeader,
  httpsGet,
  answerClock,
  type ClientCertificate,
  type HttpAnswer,
  type NodeProbe,
} from './probes';
export {
  DEFAULT_CLOCK_TOLERANCE_MINUTES,
  DATE_HEADER_RESOLUTION_MS,
  clockToleranceMs,
  clockOffsetFromDate,
  beyondTolerance,
  describeOffset,
  type ClockOffset,
} from './clock';
