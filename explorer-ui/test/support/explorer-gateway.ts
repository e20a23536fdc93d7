// An organisation's gateway as the explorer's tests need it, started in this process on a free port: exactly what
// npm run up runs for that organisation (GraphQL, and the built UI at `/`), on its own projection or on a scratch
// database.
import { loadConfig } from '@plasma/gateway-api';
import { startGateway } from '@plasma/gateway-api/server';

export interface ExplorerGateway {
  readonly url: string;
  close(): Promise<void>;
}

export interface ExplorerGatewayOptions {
  /** Another database than the organisation's own, e.g. a scratch one. */
  readonly databaseUrl?: string;
}

export async function startExplorerGateway(org: string, { databaseUrl }: ExplorerGatewayOptions = {}): Promise<ExplorerGateway> {
  const config = loadConfig(org);
  const gateway = await startGateway(
    { ...config, listen: { host: '127.0.0.1', port: 0 }, ...(databaseUrl ? { databaseUrl } : {}) },
    {
      logError: (id, error) => console.error(`explorer gateway of ${org}: unexpected error ${id}:`, error),
    },
  );
  return { url: gateway.url, close: () => gateway.close() };
}
