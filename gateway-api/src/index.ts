// The gateway's public face.
export { peerConnection, connectAs, type PeerEndpoint, type PersonIdentity } from './fabric/connection';
export { ledgerErrorMessage } from './fabric/errors';
export { createPool, databaseUrl, migrate, migrationsDir, type EmbeddedDatabaseSecret } from './db';
export { runIndexer, ledgerHeight } from './indexer/indexer';
