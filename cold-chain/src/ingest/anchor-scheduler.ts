// Puts sealed windows on the ledger: each site organisation anchors its own devices' roots of a window in one
// transaction, oldest window first, and the transaction id is stored with those seals. Sites go on independently:
// a passing failure ends that site's run (its windows wait, in order, for the next run) and no other's; a refusal
// for good is recorded and not retried. Then, as the device's site, it reports the excursions whose evidence
// window is anchored, and records as refused those whose evidence window the ledger refused.
import { readingId } from '../merkle/reading-leaf';
import { readingInclusionProof } from '../services/reading-proofs';
import type { Excursion } from './excursion-tracker';
import { LedgerRefusal, type IngestLedger } from './ledger-ports';
import type { ReadingStore } from './reading-store';

export interface AnchorSchedulerOptions {
  readonly store: ReadingStore;
  readonly ledger: IngestLedger;
  readonly log: (message: string) => void;
  /** Windows taken per site and run. */
  readonly batch?: number;
}

export class AnchorScheduler {
  readonly #options: AnchorSchedulerOptions;
  readonly #devicesOfSite = new Map<string, string[]>();
  #anchored = 0;
  #reported = 0;

  constructor(options: Readonly<AnchorSchedulerOptions>) {
    this.#options = options;
    for (const [device, site] of options.ledger.siteOf) this.#devicesOfSite.set(site, [...(this.#devicesOfSite.get(site) ?? []), device]);
  }

  /** Site transactions that anchored a window. */
  get anchored(): number {
    return this.#anchored;
  }

  get reported(): number {
    return this.#reported;
  }

  /** Anchors what is sealed and reports what can be; a passing failure is thrown once both are done. */
  async runOnce(): Promise<void> {
    const anchoring = await this.#anchorWindows().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    await this.#reportExcursions();
    if (anchoring) throw anchoring;
  }

  async #anchorWindows(): Promise<void> {
    const { store, ledger } = this.#options;
    const batch = this.#options.batch ?? 10;
    // Roots of devices no configured site speaks for can never be anchored.
    for (const window of await store.unanchoredWindows(batch, { except: [...ledger.siteOf.keys()] })) {
      const devices = window.roots.map((r) => r.device);
      await this.#refused(
        window.windowStart,
        devices,
        `devices ${devices.join(', ')} are not in the configuration, so no site anchors them`,
      );
    }
    const outcomes = await Promise.allSettled(
      [...this.#devicesOfSite].map(async ([site, devices]) => {
        for (const window of await store.unanchoredWindows(batch, { only: devices })) {
          const anchoredDevices = window.roots.map((r) => r.device);
          try {
            await store.recordAnchor(window.windowStart, anchoredDevices, await ledger.anchorer.anchor(site, window));
            this.#anchored += 1;
          } catch (error) {
            if (!(error instanceof LedgerRefusal)) throw new Error(`${site}: ${(error as Error).message}`, { cause: error });
            await this.#refused(window.windowStart, anchoredDevices, error.message);
          }
        }
      }),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async #refused(windowStart: Date, devices: readonly string[], reason: string): Promise<void> {
    this.#options.log(`window ${windowStart.toISOString()} of ${devices.join(', ')} refused, not retried: ${reason}`);
    await this.#options.store.recordAnchorRefusal(windowStart, devices, reason);
  }

  async #reportExcursions(): Promise<void> {
    const { store, ledger, log } = this.#options;
    let failure: Error | undefined;
    const notReported = async (excursion: Excursion, why: string): Promise<void> => {
      log(`excursion ${excursion.id} refused, reported again only when it changes: ${why}`);
      await store.recordExcursionRefusal(excursion, why);
    };
    for (const [site, devices] of this.#devicesOfSite) {
      for (const excursion of await store.unreportedExcursions(devices)) {
        // A window refused for good is never anchored, so the excursion it would prove can never be raised.
        if (excursion.evidenceRefusal !== null) {
          await notReported(excursion, `the window holding its peak reading was refused by the ledger: ${excursion.evidenceRefusal}`);
          continue;
        }
        const proof = await readingInclusionProof(
          store,
          readingId({ device: excursion.device, node: excursion.node, sourceTime: excursion.peakReadingAt }),
        );
        if (!proof.verified || proof.root === null) {
          await notReported(excursion, 'its peak reading no longer matches the anchored root; investigate the store');
          continue;
        }
        try {
          const txId = await ledger.reporter.report(site, {
            excursion,
            evidence: {
              windowStart: new Date(proof.windowStart),
              root: Buffer.from(proof.root, 'hex'),
              readingId: proof.readingId,
              canonicalReading: proof.canonicalReading,
              proof: { index: proof.index, leafCount: proof.leafCount, steps: proof.steps },
            },
          });
          await store.recordExcursionReport(excursion, txId);
          this.#reported += 1;
        } catch (error) {
          // A passing failure leaves this excursion for the next run; the others are still reported.
          if (!(error instanceof LedgerRefusal)) {
            failure ??= error as Error;
            continue;
          }
          await notReported(excursion, error.message);
        }
      }
    }
    if (failure) throw failure;
  }
}
