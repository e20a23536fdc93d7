// Puts sealed windows on the ledger, oldest first, one transaction per window for all devices, then
// reports the excursions whose evidence window is anchored. A failure leaves the rest for the next run.
import { readingId } from '../merkle/reading-leaf';
import { readingInclusionProof } from '../services/reading-proofs';
import type { Anchorer, ExcursionReporter } from './ledger-ports';
import type { ReadingStore } from './reading-store';

export interface AnchorSchedulerOptions {
  readonly store: ReadingStore;
  readonly anchorer: Anchorer;
  readonly reporter: ExcursionReporter;
  readonly log: (message: string) => void;
}

export class AnchorScheduler {
  readonly #options: AnchorSchedulerOptions;
  #anchored = 0;
  #reported = 0;

  constructor(options: Readonly<AnchorSchedulerOptions>) {
    this.#options = options;
  }

  get anchored(): number {
    return this.#anchored;
  }

  get reported(): number {
    return this.#reported;
  }

  async runOnce(): Promise<void> {
    const { store, anchorer, reporter } = this.#options;
    for (const window of await store.unanchoredWindows(10)) {
      const txId = await anchorer.anchor(window);
      await store.recordAnchor(window, txId);
      this.#anchored += 1;
    }
    for (const excursion of await store.unreportedExcursions()) {
      const proof = await readingInclusionProof(store, readingId({ device: excursion.device, node: excursion.node, sourceTime: excursion.peakReadingAt }));
      if (!proof.verified || proof.root === null) {
        this.#options.log(`excursion ${excursion.id}: its peak reading no longer matches the anchored root; not reported, investigate the store`);
        continue;
      }
      const txId = await reporter.report({
        excursion,
        evidence: {
          windowStart: new Date(proof.windowStart), root: Buffer.from(proof.root, 'hex'), readingId: proof.readingId,
          canonicalReading: proof.canonicalReading, proof: { index: proof.index, leafCount: proof.leafCount, steps: proof.steps },
        },
      });
      await store.recordExcursionReport(excursion, txId);
      this.#reported += 1;
    }
  }
}
