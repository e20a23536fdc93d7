// GraphQL Code Generator (`npm run codegen`): from the gateway's schema (every module's SDL, merged as the server
// merges them) the resolver types the gateway's modules are written against, and from each client's `/* GraphQL */`
// documents the types of their answers and variables. The generated files are committed; a unit test
// (gateway-api/test/unit/schema.test.ts) fails when one is not what this script writes now.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './graphql-codegen';
import { repoRoot } from '@plasma/network';

async function main(): Promise<void> {
  for (const { file, content } of await generatedFiles()) {
    writeFileSync(path.join(repoRoot, file), content);
    console.log(`wrote ${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
