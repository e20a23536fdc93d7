// Names of the cold chain's managed processes (pid files, logs, status), apart from the code that starts
// them so that `npm run status` need not load OPC UA.
export const DEVICES_PROCESS = 'cold-chain-devices';
export const INGEST_PROCESS = 'cold-chain-ingest';
