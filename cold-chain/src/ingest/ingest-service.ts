// The ingest, composed: a subscriber per device server feeding the writer; one loop that stores batches and
// seals closed windows (serialised, so no reading lands in a sealed window); another that anchors them. Device
// timestamps the ingest cannot trust are refused and counted (source-time-guard.ts).
import type pg from 'pg';
import { UserTokenType, type UserIdentityInfo } from 'node-opcua';
import { readFileSync } from 'node:fs';
import { clockToleranceMs } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import type { ColdChainConfig } from '../config';
import type { DeviceCredentials } from '../credentials';
import { STORAGE_KINDS } from '../devices/device-kinds';
import type { ApplicationPki } from '../pki';
import { AnchorScheduler } from './anchor-scheduler';
import { DeviceSubscriber } from './device-subscriber';
import type { IngestLedger } from './ledger-ports';
import { ReadingStore } from './reading-store';
import { ReadingWriter, type WriterCounters } from './reading-writer';
import { SourceTimeGuard, type DeviceRefusals } from './source-time-guard';
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
  /**
   * How far ahead of the ingest's clock a device may stamp a reading: the governed rule set's clock tolerance
   * (ledgerClockToleranceMs); the rule sets' default when not given.
   */
  readonly clockToleranceMs?: number;
  /** How long a pending backfill may hold back sealing before windows are sealed anyway (default a minute). */
  readonly backfillHoldMs?: number;
}

export interface IngestStatus extends WriterCounters {
  /** Readings refused for a source time beyond the clock tolerance ahead of the ingest's clock. */
  readonly refusedFuture: number;
  /** Per device that had any: readings refused as from the future or late, with the first source time of each. */
  readonly refusals: Readonly<Record<string, DeviceRefusals>>;
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
  // node-opcua still takes the PEM; its keyOperations replacement is a change of its own.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return { type: UserTokenType.Certificate, certificateData: der, privateKey: readFileSync(pki.privateKeyFile, 'utf8') };
}

export async function startIngest(options: Readonly<IngestOptions>): Promise<Ingest> {
  const { config, pool, pki, credentials, ledger } = options;
  const log = options.log ?? ((message: string) => console.log(`ingest: ${message}`));
  const windowMs = config.ingest.windowSeconds * 1000;
  const store = new ReadingStore(pool);
  const now = Date.now();
  await store.ensurePartitions([new Date(now), new Date(now + 86_400_000), new Date(now + 2 * 86_400_000)]);
  const guard = new SourceTimeGuard({
    toleranceMs: options.clockToleranceMs ?? clockToleranceMs(),
    sealedThrough: await store.sealedThrough(),
    log,
  });
  const writer = new ReadingWriter(store, windowMs, guard);
  const devices = config.servers.flatMap((s) => s.devices);
  const sealer = new WindowSealer({
    store,
    windowMs,
    storageDevices: new Set(devices.filter((d) => STORAGE_KINDS.includes(d.kind)).map((d) => d.id)),
    rule: options.rule,
    onSealed: (readings) => guard.sealed(readings),
  });
  const scheduler = ledger ? new AnchorScheduler({ store, ledger, log }) : undefined;

  const resumeFrom = await store.lastSourceTimes();
  const subscribers = config.servers.map(
    (server) =>
      new DeviceSubscriber({
        server,
        pki,
        identity: identityOf(config, pki, credentials),
        resumeFrom,
        log,
        onReadings: (readings) => writer.add(readings),
        refusesFuture: (reading) => guard.refusesFuture(reading),
      }),
  );
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
  // A gap being read back holds sealing: the readings after it may already sit in a window that is due, and a
  // seal would leave what the backfill brings behind a sealed window (refused as late). Whether one is pending is
  // asked before the flush, which stores what a finished backfill handed over, and only windows closed by then are
  // sealed, so no reading received after the question lands in one. A backfill that takes longer than
  // backfillHoldMs (a device's history unreadable) holds sealing, and so anchoring, no longer.
  // When stopping, nothing more will be read back in this run: every due window is sealed.
  const backfillHoldMs = options.backfillHoldMs ?? 60_000;
  let backfillSince: number | undefined;
  let holdExpiredLogged = false;
  const storeAndSeal = (holdForBackfill: boolean): Promise<void> =>
    serially(async () => {
      const now = Date.now();
      backfillSince = subscribers.some((s) => s.backfillPending) ? (backfillSince ?? now) : undefined;
      await writer.flush();
      if (backfillSince === undefined) holdExpiredLogged = false;
      else if (holdForBackfill) {
        if (now - backfillSince < backfillHoldMs) return;
        if (!holdExpiredLogged) {
          log(
            `sealing windows although a backfill has been pending for ${Math.round((now - backfillSince) / 1000)} s; ` +
              'readings it brings later that fall behind a sealed window are refused as late',
          );
          holdExpiredLogged = true;
        }
      }
      await sealer.sealDue(now);
    });
  const settle = (): Promise<void> => storeAndSeal(true);
  let stopped = false;
  const loop = async (interval: number, task: () => Promise<void>, what: string): Promise<void> => {
    // A failure that persists (the ledger down for a while) is logged when it first occurs and then once a minute.
    let lastFailure = { message: '', at: 0 };
    while (!stopped) {
      await task().catch((error: unknown) => {
        const message = errorMessage(error);
        if (message !== lastFailure.message || Date.now() - lastFailure.at > 60_000) {
          log(`${what} failed: ${message}; retrying`);
          lastFailure = { message, at: Date.now() };
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
      refusedFuture: Object.values(guard.refusals).reduce((sum, r) => sum + r.refusedFuture, 0),
      refusals: guard.refusals,
      backfilled: subscribers.reduce((sum, s) => sum + s.backfilled, 0),
      sealedWindows: sealer.sealed,
      anchoredWindows: scheduler?.anchored ?? 0,
      reportedExcursions: scheduler?.reported ?? 0,
    }),
    settle,
    anchorNow: async () => {
      await scheduler?.runOnce();
    },
    stop: async () => {
      await Promise.all(subscribers.map((s) => s.stop().catch(() => undefined)));
      stopped = true;
      await Promise.all(loops);
      await storeAndSeal(false);
    },
  };
}
