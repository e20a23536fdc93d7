// Prepares what the device servers and the ingest need before they start: their PKI, trusting each other,
// and the device-server users' passwords. Idempotent; run by every command and when `up` starts the device servers.
import type { ColdChainConfig } from './config';
import { loadCredentials, type DeviceCredentials } from './credentials';
import { openPki, trust, type ApplicationPki } from './pki';

export interface Provisioned {
  readonly servers: ReadonlyMap<string, ApplicationPki>;
  readonly ingest: ApplicationPki;
  readonly credentials: DeviceCredentials;
}

export async function provision(config: ColdChainConfig): Promise<Provisioned> {
  const ingest = await openPki('ingest');
  const servers = new Map<string, ApplicationPki>();
  for (const server of config.servers) {
    const pki = await openPki(`server-${server.name}`, [server.host]);
    await trust(pki, ingest);
    await trust(ingest, pki);
    servers.set(server.name, pki);
  }
  return { servers, ingest, credentials: loadCredentials() };
}
