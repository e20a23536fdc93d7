// What the ingest needs from the ledger, as interfaces: anchoring window roots and reporting excursions.
// The implementation over the chaincode lives apart, so the ingest is tested without a ledger.
import type { Excursion } from './excursion-tracker';

export interface DeviceRoot {
  readonly device: string;
  readonly root: Buffer;
  readonly leafCount: number;
}

export interface WindowRoots {
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** One Merkle root per device that stored readings in the window. */
  readonly roots: readonly DeviceRoot[];
}

export interface Anchorer {
  /** Anchors every device root of a window in one ledger transaction; resolves to its transaction id once committed. */
  anchor(window: WindowRoots): Promise<string>;
}

/** An excursion with the evidence the ledger checks: the anchored root of the window holding the peak reading. */
export interface ExcursionReport {
  readonly excursion: Excursion;
  readonly evidence: {
    readonly windowStart: Date;
    readonly root: Buffer;
    readonly readingId: string;
    readonly canonicalReading: string;
    readonly proof: { readonly index: number; readonly leafCount: number; readonly steps: readonly { side: 'left' | 'right'; hash: string }[] };
  };
}

export interface ExcursionReporter {
  /** Raises the excursion on the ledger (which puts the affected donations on hold); resolves to the transaction id. */
  report(report: ExcursionReport): Promise<string>;
}
