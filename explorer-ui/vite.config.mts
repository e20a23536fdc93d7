// Builds the explorer into dist/, which the gateway serves at `/`. In development (npm run dev -w explorer-ui)
// GraphQL is proxied to the gateway named by GATEWAY_URL, or the topology's default address.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
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
