// The gateway's public face.
export { peerConnection, connectAs, type PeerEndpoint, type PersonIdentity } from './fabric/connection';
export { ledgerErrorMessage } from './fabric/errors';
export { createPool, databaseUrl, migrate, migrationsDir, type EmbeddedDatabaseSecret } from './db';
export { runIndexer, ledgerHeight } from './indexer/indexer';
export { ChainIntegrityError } from './indexer/chain';
export { openServiceChannel, type ServiceChannel } from './service-identity';
export { loadConfig, type GatewayConfig } from './config';
export { ErrorCode, GatewayError } from './errors';
export { gatewayHealthy, gatewayProcess } from './launch';
// Imported one by one: the launcher loads this face, and should not load the GraphQL server with it.
export { seedDemoPeople, type DemoPerson } from './people/demo-people';
export type { Person } from './people/person';
export type { ElectronicSignatures, RecordSignature } from './people/signatures';
