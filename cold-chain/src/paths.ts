// Where the cold chain keeps what it generates at run time: PKI, device-server credentials, ingest state.
import path from 'node:path';
import { dataHome } from '@plasma/network';

export const coldChainHome = path.join(dataHome, 'cold-chain');
export const pkiDir = (party: string): string => path.join(coldChainHome, 'pki', party);
export const credentialsFile = path.join(coldChainHome, 'device-users.json');
/** An organisation's archive of readings moved out of PostgreSQL (archive/reading-archive.ts). */
export const readingArchiveDir = (org: string): string => path.join(coldChainHome, 'archive', org.toLowerCase());
/** What an organisation's running ingest last reported about itself (counters, windows), rewritten every few seconds. */
export const ingestStatusFile = (org: string): string => path.join(coldChainHome, `ingest-status-${org.toLowerCase()}.json`);
