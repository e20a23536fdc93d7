// Builds the explorer into dist/, which the gateway serves at `/`. In development (npm run dev -w explorer-ui)
// GraphQL is proxied to the gateway named by GATEWAY_URL, or the topology's default address.
import { builtinModules } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const NODE_ONLY = new Set([...builtinModules, 'fabric-shim', 'fabric-shim-api', 'fabric-contract-api', 'jsrsasign']);

/**
 * The bundle runs in a browser: a module that reaches Node's built-ins or the chaincode's ledger code fails the build
 * here, instead of becoming an empty stand-in that breaks at run time. The chaincode's face for the browser is
 * `@plasma/chaincode/browser`.
 */
function browserOnly(): Plugin {
  return {
    name: 'browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      const name = source.replace(/^node:/, '');
      if (source.startsWith('node:') || NODE_ONLY.has(name) || NODE_ONLY.has(name.split('/')[0]!)) {
        this.error(`${importer ?? 'the explorer'} imports ${source}, which does not run in a browser`);
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [browserOnly(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ELK, loaded with the first lineage only, is one large chunk by nature.
    chunkSizeWarningLimit: 2500,
    // Timing warnings say only that the machine was busy (the build runs beside the network and its tests).
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: { '/graphql': process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000' },
  },
});
