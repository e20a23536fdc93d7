// The platform's public face: what every service and the launcher stand on, below them and knowing none of them.
// The process supervisor, the ledger client (connections as a person, sessions of the people enrolled on this host,
// what a refusal says), Fabric's command-line tools and channel configuration updates, PostgreSQL (its URL, pools, the project's own server) and the service descriptor.
export {
  keepWritesPrivate,
  start,
  startUnlessRunning,
  typeScriptLaunch,
  stop,
  runningPid,
  logFile,
  accepting,
  assertPortFree,
  waitFor,
  sleep,
  type Launch,
} from './processes';
export { peerConnection, connectAs, connectUnsigned, type PeerEndpoint, type PersonIdentity } from './ledger/connection';
export { nativeP256Signer } from './ledger/native-signer';
export { adminEnv, fabricBinary, ordererFlags, runFabricTool, type CommandResult } from './fabric-tools';
export {
  changeChannel,
  channelConfig,
  prepareConfigUpdate,
  signConfigUpdate,
  submitConfigUpdate,
  type ConfigChange,
  type ConfigJson,
} from './ledger/channel-config';
export { errorMessage, errorStack } from './errors';
export {
  dumpDatabase,
  restoreDatabase,
  type DatabaseDump,
  type DumpedTable,
  type DumpedPartition,
  type DumpedSequence,
} from './database/database-dump';
export { ledgerErrorMessage, refusedByOthersOnly } from './ledger/errors';
export { certificateSha256 } from './ledger/certificate-fingerprint';
export { openSession, person, type LedgerSession } from './ledger/sessions';
export {
  createPool,
  databaseUrl,
  organisationDatabaseUrl,
  serviceDatabaseUrl,
  withDatabase,
  canConnect,
  readOrganisationSecret,
  type EmbeddedDatabaseSecret,
  type OrganisationDatabaseSecret,
} from './database/postgres';
export { DATABASE_ROLES, databaseRoleName, databaseRoles, dropDatabase, ensureDatabaseRoles, type DatabaseRole } from './database/roles';
export { embeddedPostgresService, ensureOrganisationDatabase } from './database/embedded-postgres';
export {
  organisationEnvironment,
  organisationOfProcess,
  type Service,
  type ServiceContext,
  type ServiceHealth,
  type ServiceKind,
} from './service';
