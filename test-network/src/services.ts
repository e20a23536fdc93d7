// The off-chain services this launcher composes, each a descriptor its own package exports: this host's PostgreSQL
// server (the platform's; none when DATABASE_URL names another), then, once the ledger is up, the cold chain's device
// simulator and each organisation's own services: its indexer, its cold-chain ingest when it runs devices, its gateway.
// `up` starts them in this order; `down` stops them in reverse.
import { coldChainDevicesService, coldChainIngestService, runsColdChainDevices } from '@plasma/cold-chain/service';
import { gatewayService, indexerService } from '@plasma/gateway-api';
import type { Organisation, Topology } from '@plasma/network';
import { embeddedPostgresService, type Service } from '@plasma/platform';

export const databaseService: Service = embeddedPostgresService;

/** What this host runs for every organisation on it, started after the consortium is registered. */
export const hostServices: readonly Service[] = [coldChainDevicesService];

/** One organisation's own services, in the order they start. */
export function organisationServices(org: Organisation): Service[] {
  return [indexerService(org), ...(runsColdChainDevices(org) ? [coldChainIngestService(org)] : []), gatewayService(org)];
}

/** Every service of this host, as `npm run status` lists them; with `org`, that organisation's only. */
export function allServices(topology: Topology, org?: Organisation): Service[] {
  if (org) return organisationServices(org);
  return [databaseService, ...hostServices, ...topology.organisations.flatMap(organisationServices)];
}
