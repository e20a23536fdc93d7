// The ingest, composed: a subscriber per device server feeding the writer; one loop that stores batches and
// seals closed windows (serialised, so no reading lands in a sealed window); another that anchors them.
import type pg from 'pg';
import { UserTokenType, type UserIdentityInfo } from 'node-opcua';
import { readFileSync } from 'node:fs';
import type { ColdChainConfig } from '../config';
import type { DeviceCredentials } from '../credentials';
import { STORAGE_KINDS } from '../devices/device-kinds';
import type { ApplicationPki } from '../pki';
import { AnchorScheduler } from './anchor-scheduler';
import { DeviceSubscriber } from './device-subscriber';
import type { IngestLedger } from './ledger-ports';
import { ReadingStore } from './reading-store';
import { ReadingWriter, type WriterCounters } from './reading-writer';
import { WindowSealer } from './window-sealer';
import type { StorageRule } from './excursion-tracker';

export interface IngestOptions {
  readonly config: ColdChainConfig;
  readonly pool: pg.Pool;
  readonly pki: ApplicationPki;
  readonly credentials: DeviceCredentials;
  /** The storage rule of a device: from the governed rule set on the ledger (see ledger-rules.ts). */
  readonly rule: (device: string) => Promise<StorageRule>;
  /** The ledger. Without it windows are sealed and wait, unanchored, until an ingest with a ledger runs. */
  readonly ledger?: IngestLedger;
  readonly log?: (message: string) => void;
  readonly flushIntervalMs?: number;
  readonly anchorIntervalMs?: number;
}

export interface IngestStatus extends WriterCounters {
  readonly backfilled: number;
  readonly sealedWindows: number;
  readonly anchoredWindows: number;
  readonly reportedExcursions: number;
}

export interface Ingest {
  status(): IngestStatus;
  /** Stores what is buffered and seals every window closed by now; for tests and a clean stop. */
  settle(): Promise<void>;
  /** Anchors what is sealed (when a ledger is configured). */
  anchorNow(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function identityOf(config: ColdChainConfig, pki: ApplicationPki, credentials: DeviceCredentials): UserIdentityInfo {
  if (config.ingest.identity === 'password') return { type: UserTokenType.UserName, userName: 'ingest', password: credentials.ingest };
  const pem = readFileSync(pki.certificateFile, 'utf8');
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  return { type: UserTokenType.Certificate, certificateData: der, privateKey: readFileSync(pki.privateKeyFile, 'utf8') };
}

export async function startIngest(options: Readonly<IngestOptions>): Promise<Ingest> {
  const { config, pool, pki, credentials, ledger } = options;
  const log = options.log ?? ((message: string) => console.log(`ingest: ${message}`));
  const windowMs = config.ingest.windowSeconds * 1000;
  const store = new ReadingStore(pool);
  const now = Date.now();
  await store.ensurePartitions([new Date(now), new Date(now + 86_400_000), new Date(now + 2 * 86_400_000)]);
  const writer = new ReadingWriter(store, windowMs);
  const devices = config.servers.flatMap((s) => s.devices);
  const sealer = new WindowSealer({
    store, windowMs,
    storageDevices: new Set(devices.filter((d) => STORAGE_KINDS.includes(d.kind)).map((d) => d.id)),
    rule: options.rule,
  });
  const scheduler = ledger ? new AnchorScheduler({ store, ledger, log }) : undefined;

  const resumeFrom = await store.lastSourceTimes();
  const subscribers = config.servers.map((server) => new DeviceSubscriber({
    server, pki, identity: identityOf(config, pki, credentials), resumeFrom, log, onReadings: (readings) => writer.add(readings),
  }));
  try {
    await Promise.all(subscribers.map((s) => s.start()));
  } catch (error) {
    await Promise.all(subscribers.map((s) => s.stop().catch(() => undefined)));
    throw error;
  }

  // One chain of work on the store: a seal never runs while a batch is being written.
  let work: Promise<void> = Promise.resolve();
  const serially = (task: () => Promise<void>): Promise<void> => {
    const next = work.then(task);
    work = next.catch(() => undefined);
    return next;
  };
  const settle = (): Promise<void> => serially(async () => {
    await writer.flush();
    await sealer.sealDue(Date.now());
  });
  let stopped = false;
  const loop = async (interval: number, task: () => Promise<void>, what: string): Promise<void> => {
    // A failure that persists (the ledger down for a while) is logged when it first occurs and then once a minute.
    let lastFailure = { message: '', at: 0 };
    while (!stopped) {
      await task().catch((error: Error) => {
        if (error.message !== lastFailure.message || Date.now() - lastFailure.at > 60_000) {
          log(`${what} failed: ${error.message}; retrying`);
          lastFailure = { message: error.message, at: Date.now() };
        }
      });
      await sleep(interval);
    }
  };
  const loops = [loop(options.flushIntervalMs ?? 100, settle, 'storing readings')];
  if (scheduler) loops.push(loop(options.anchorIntervalMs ?? 1_000, () => scheduler.runOnce(), 'anchoring'));

  return {
    status: () => ({
      ...writer.counters,
      backfilled: subscribers.reduce((sum, s) => sum + s.backfilled, 0),
      sealedWindows: sealer.sealed,
      anchoredWindows: scheduler?.anchored ?? 0,
      reportedExcursions: scheduler?.reported ?? 0,
    }),
    settle,
    anchorNow: async () => { await scheduler?.runOnce(); },
    stop: async () => {
      await Promise.all(subscribers.map((s) => s.stop().catch(() => undefined)));
      stopped = true;
      await Promise.all(loops);
      await settle();
    },
  };
}
