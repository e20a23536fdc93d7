// An organisation's gateway process: `PLASMA_ORGANISATION=Factory node --import tsx gateway-api/src/main.ts`. Serves
// GraphQL and the explorer to that organisation's people until SIGTERM or SIGINT, then closes its connections. Its
// database is migrated by whoever starts it (`npm run up`).
import { errorMessage, errorStack, organisationOfProcess } from '@plasma/platform';
import { loadConfig } from './config';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = loadConfig(organisationOfProcess());
  const gateway = await startGateway(config);
  console.log(`gateway of ${config.organisation.name}: GraphQL at ${gateway.url}/graphql, health at ${gateway.url}/health`);
  const stop = (): void => {
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`gateway: ${errorMessage(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`gateway: ${errorStack(error)}`);
  process.exit(1);
});
