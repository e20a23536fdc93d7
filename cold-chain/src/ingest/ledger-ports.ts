// What the ingest needs from the ledger, as interfaces: anchoring a site's window roots and reporting its
// excursions. Each site organisation speaks for its own devices; the scheduler splits the work by site. The
// implementation over the chaincode lives apart (fabric-ledger.ts), so the ingest is tested without a ledger.
import type { Excursion } from './excursion-tracker';

export interface DeviceRoot {
  readonly device: string;
  readonly root: Buffer;
  readonly leafCount: number;
}

export interface WindowRoots {
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** One Merkle root per device that stored readings in the window (and is not anchored yet). */
  readonly roots: readonly DeviceRoot[];
}

/**
 * The ledger refused for good (e.g. CONFLICT: the site anchored other roots for that window): sending the same again
 * cannot succeed, so the ingest records the refusal instead of retrying. Any other error is passing and retried.
 */
export class LedgerRefusal extends Error {
  override readonly name = 'LedgerRefusal';
}

export interface Anchorer {
  /**
   * Anchors every root of `window` (all devices of `site`) in one transaction of that site; resolves to the
   * id of the transaction that holds them once committed (the original one when the window was anchored before).
   */
  anchor(site: string, window: WindowRoots): Promise<string>;
}

/** An excursion with the evidence the ledger checks: the anchored root of the window holding the peak reading. */
export interface ExcursionReport {
  readonly excursion: Excursion;
  readonly evidence: {
    readonly windowStart: Date;
    readonly root: Buffer;
    readonly readingId: string;
    readonly canonicalReading: string;
    readonly proof: {
      readonly index: number;
      readonly leafCount: number;
      readonly steps: readonly { side: 'left' | 'right'; hash: string }[];
    };
  };
}

export interface ExcursionReporter {
  /** Raises the excursion on the ledger as `site` (which puts the affected donations on hold); resolves to the transaction id. */
  report(site: string, report: ExcursionReport): Promise<string>;
}

/** The ledger of an ingest: its ports and which site organisation speaks for each device. */
export interface IngestLedger {
  readonly anchorer: Anchorer;
  readonly reporter: ExcursionReporter;
  /**
   * The site organisation (as named in network/topology.yaml) of each configured device: it anchors the device's
   * roots and raises its excursions (a freezer's hold the bags stored in it, a reefer logger's those of its shipments).
   */
  readonly siteOf: ReadonlyMap<string, string>;
}
