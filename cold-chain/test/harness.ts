// What the cold-chain tests share: a fresh PostgreSQL database per run (migrated like production), PKI and
// credentials in a temporary folder, and a small device configuration with fast sampling and short windows.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPool } from '@plasma/platform';
import { freshDatabase } from '@plasma/testkit/gateway';
import { parseColdChainConfig, type ColdChainConfig } from '../src/config';
import type { StorageRule } from '../src/ingest/excursion-tracker';
import { loadCredentials, type DeviceCredentials } from '../src/credentials';
import { openPki, trust, type ApplicationPki } from '../src/pki';

export interface TestDatabase {
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database on the server of DATABASE_URL (or the project's own PostgreSQL), migrated like production. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await freshDatabase();
  const pool = createPool(database.url, 10);
  return {
    pool,
    drop: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

export interface TestSecurity {
  readonly dir: string;
  readonly server: ApplicationPki;
  readonly ingest: ApplicationPki;
  readonly credentials: DeviceCredentials;
  remove(): void;
}

export async function createTestSecurity(): Promise<TestSecurity> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cold-chain-test-'));
  const server = await openPki('server-devices', ['127.0.0.1'], path.join(dir, 'pki', 'server'));
  const ingest = await openPki('ingest', ['127.0.0.1'], path.join(dir, 'pki', 'ingest'));
  await trust(server, ingest);
  await trust(ingest, server);
  const credentials = loadCredentials(path.join(dir, 'device-users.json'));
  return { dir, server, ingest, credentials, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const TEST_PORT = 17590;
export const PERIOD_MS = 100;

export function testConfig(
  overrides: { identity?: 'password' | 'certificate'; windowSeconds?: number; port?: number } = {},
): ColdChainConfig {
  return parseColdChainConfig(
    {
      servers: [
        {
          name: 'devices',
          host: '127.0.0.1',
          port: overrides.port ?? TEST_PORT,
          historyMinutes: 10,
          devices: [
            {
              id: 'G1001-FRZ-01',
              kind: 'freezer',
              site: 'StationA',
              location: 'test freezer 1',
              samplePeriodMs: PERIOD_MS,
              serialNumber: 'T-1',
              model: 'test freezer',
            },
            {
              id: 'G1001-FRZ-02',
              kind: 'freezer',
              site: 'StationA',
              location: 'test freezer 2',
              samplePeriodMs: PERIOD_MS,
              serialNumber: 'T-2',
              model: 'test freezer',
            },
            { id: 'G1001-TRK-07', kind: 'reefer', site: 'StationA', samplePeriodMs: PERIOD_MS, serialNumber: 'T-3', model: 'test logger' },
            {
              id: 'G2001-SKID-01',
              kind: 'fractionation-skid',
              site: 'Factory',
              location: 'test hall',
              samplePeriodMs: 2 * PERIOD_MS,
              serialNumber: 'T-4',
              model: 'test skid',
            },
          ],
        },
      ],
      ingest: { windowSeconds: overrides.windowSeconds ?? 2, identity: overrides.identity ?? 'password', ledgerUser: 'coldchain1' },
    },
    'test configuration',
  );
}

/** The CN defaults of the governed rule set, for tests that run the ingest without a ledger. */
export const TEST_RULE: StorageRule = { storageLimitC: -20, toleranceLimitC: -5, toleranceHours: 72, source: 'test fixture' };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, failing with `what` after the timeout. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}
