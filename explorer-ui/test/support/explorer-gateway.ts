// The gateway as the explorer's tests need it, started in this process on a free port: exactly what npm run up
// runs (GraphQL, and the built UI at `/`), on the network's projection or on a scratch database.
import { loadConfig } from '@plasma/gateway-api';
import { startGateway } from '@plasma/gateway-api/server';

export interface ExplorerGateway {
  readonly url: string;
  close(): Promise<void>;
}

export interface ExplorerGatewayOptions {
  /** 0: any free port. */
  readonly port?: number;
  /** Another database than the network's projection, e.g. a scratch one. */
  readonly databaseUrl?: string;
}

export async function startExplorerGateway({ port = 0, databaseUrl }: ExplorerGatewayOptions = {}): Promise<ExplorerGateway> {
  const config = loadConfig();
  const gateway = await startGateway(
    { ...config, listen: { host: '127.0.0.1', port }, ...(databaseUrl ? { databaseUrl } : {}) },
    {
      logError: (id, error) => console.error(`explorer gateway: unexpected error ${id}:`, error),
    },
  );
  return { url: gateway.url, close: () => gateway.close() };
}
