// The gateway's public face: its configuration and errors, the PostgreSQL schema, the indexer, the service
// identity, the demo people, the lineage queries, and the descriptors of its two processes the launcher composes.
// Light on purpose: the launcher loads it for `npm run status`. The GraphQL server is the face `./server`.
export { gatewayDataDir, loadConfig, type GatewayConfig } from './config';
export { ErrorCode, GatewayError } from './errors';
export { migrate, migrationsDir, TABLE_GRANTS, FUNCTION_GRANTS, RIGHT_PRIVILEGES } from './db';
export { runIndexer, ledgerHeight } from './indexer/indexer';
export { ChainIntegrityError, blockDataHash, blockHeaderHash } from './indexer/chain';
export { parseBlock } from './indexer/block';
export { openServiceChannel, serviceUser, type ServiceChannel } from './service-identity';
export { gatewayHealthy, gatewayService, gatewayUrl, indexerService } from './service';
export { buildExplorerUi } from './http/explorer-ui-build';
export { seedDemoPeople, readDemoPeople, type DemoPerson } from './people/demo-people';
export type { Person } from './people/person';
export type { ElectronicSignatures, RecordSignature } from './people/signatures';
export { upstreamOfUnit, upstreamOfLot, downstreamOfDonor, downstreamOfDonations, type Upstream } from './lineage/lineage';
export { lineageRepository, type LineageRepository } from './lineage/lineage-repository';
