// The off-chain services this launcher composes, each a descriptor its own package exports: the project's PostgreSQL
// (the platform's; none when DATABASE_URL names another), then, once the ledger is up, the indexer, the cold chain's
// device servers and ingest, and the gateway. `up` starts them in this order; `down` stops them in reverse.
import { coldChainDevicesService, coldChainIngestService } from '@plasma/cold-chain/service';
import { gatewayService, indexerService } from '@plasma/gateway-api';
import { embeddedPostgresService, type Service } from '@plasma/platform';

export const databaseService: Service = embeddedPostgresService;

/** Started after the chaincode is deployed and the consortium registered, in this order. */
export const ledgerServices: readonly Service[] = [indexerService, coldChainDevicesService, coldChainIngestService, gatewayService];

/** Every service, as `npm run status` lists them. */
export const allServices: readonly Service[] = [
  databaseService,
  indexerService,
  gatewayService,
  coldChainDevicesService,
  coldChainIngestService,
];
