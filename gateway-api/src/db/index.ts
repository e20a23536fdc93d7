// PostgreSQL access for the gateway, the indexer and the cold-chain ingest.
export { createPool, databaseUrl, migrate, migrationsDir, type EmbeddedDatabaseSecret } from './database';
