// Which device source timestamps the ingest accepts. Readings are stored under their device's clock (partitioned by
// day of it) and anchored in the roots of the windows during which they arrived, so a device clock that is wrong
// must not decide where, or under which root, a reading lands:
// - a reading stamped more than the clock tolerance ahead of the ingest's clock is refused: stored, it would open a
//   partition of a day to come and put a measurement not taken yet under a root anchored now;
// - a reading stamped at or before the last reading of its signal that a sealed window holds is refused too: a
//   signal's sealed windows follow each other in source time, so each anchored root stands for the signal's record up
//   to its last reading, and a reading slipped in behind it would rewrite a stretch of time the ledger already holds.
//   (A gap read back after a disconnect lies after the last reading seen, and the ingest seals no window while a
//   backfill is pending, so nothing it reads back is refused.)
// Refusals are counted per device and logged once per device and kind, with the first offending timestamp.
import type { Reading } from '../merkle/reading-leaf';

export type SourceTimeRefusal = 'future' | 'late';

export interface DeviceRefusals {
  readonly refusedFuture: number;
  readonly refusedLate: number;
  /** The source time of the first reading refused for each reason, ISO 8601. */
  readonly firstFuture: string | null;
  readonly firstLate: string | null;
}

export interface SourceTimeGuardOptions {
  /** How far ahead of the ingest's clock a source time may be (the consortium's clock tolerance). */
  readonly toleranceMs: number;
  /** Per signal (`device/node`), the last source time held by a sealed window, where the ingest resumes. */
  readonly sealedThrough: ReadonlyMap<string, Date>;
  readonly log: (message: string) => void;
}

const signalKey = (reading: Pick<Reading, 'device' | 'node'>): string => `${reading.device}/${reading.node}`;

export class SourceTimeGuard {
  readonly #toleranceMs: number;
  readonly #log: (message: string) => void;
  readonly #sealedThrough = new Map<string, number>();
  readonly #refusals = new Map<
    string,
    { refusedFuture: number; refusedLate: number; firstFuture: string | null; firstLate: string | null }
  >();

  constructor(options: Readonly<SourceTimeGuardOptions>) {
    this.#toleranceMs = options.toleranceMs;
    this.#log = options.log;
    for (const [key, at] of options.sealedThrough) this.#sealedThrough.set(key, at.getTime());
  }

  /** True (and counted) when the reading is stamped beyond the tolerance ahead of `now`, the ingest's clock. */
  refusesFuture(reading: Reading, now: number = Date.now()): boolean {
    const aheadMs = reading.sourceTime.getTime() - now;
    if (aheadMs <= this.#toleranceMs) return false;
    this.#refuse(
      reading,
      'future',
      `${(aheadMs / 1000).toFixed(1)} s ahead of the ingest's clock (tolerance ${this.#toleranceMs / 60_000} min)`,
    );
    return true;
  }

  /** Whether the reading lies at or before the last reading of its signal that a sealed window holds. */
  behindSealed(reading: Reading): boolean {
    const sealed = this.#sealedThrough.get(signalKey(reading));
    return sealed !== undefined && reading.sourceTime.getTime() <= sealed;
  }

  /** Counts (and the first time logs) a reading found behind a sealed window and not stored before. */
  refuseLate(reading: Reading): void {
    const sealed = new Date(this.#sealedThrough.get(signalKey(reading)) ?? 0).toISOString();
    this.#refuse(reading, 'late', `at or before ${sealed}, the last reading of ${signalKey(reading)} in a sealed window`);
  }

  /** Moves each signal's mark up to the newest reading of a window just sealed. */
  sealed(readings: readonly Reading[]): void {
    for (const reading of readings) {
      const key = signalKey(reading);
      const at = reading.sourceTime.getTime();
      if (at > (this.#sealedThrough.get(key) ?? Number.NEGATIVE_INFINITY)) this.#sealedThrough.set(key, at);
    }
  }

  /** Refusals per device that had any. */
  get refusals(): Record<string, DeviceRefusals> {
    return Object.fromEntries([...this.#refusals].map(([device, counts]) => [device, { ...counts }]));
  }

  #refuse(reading: Reading, kind: SourceTimeRefusal, why: string): void {
    const counts = this.#refusals.get(reading.device) ?? { refusedFuture: 0, refusedLate: 0, firstFuture: null, firstLate: null };
    this.#refusals.set(reading.device, counts);
    const first = kind === 'future' ? counts.firstFuture : counts.firstLate;
    if (kind === 'future') counts.refusedFuture += 1;
    else counts.refusedLate += 1;
    if (first !== null) return;
    const stamped = reading.sourceTime.toISOString();
    if (kind === 'future') counts.firstFuture = stamped;
    else counts.firstLate = stamped;
    this.#log(
      `${reading.device}: refused a reading of ${reading.node} stamped ${stamped}, ${why}; ` +
        `further ones of this device are counted in the ingest's status (${kind === 'future' ? 'refusedFuture' : 'refusedLate'}), not logged`,
    );
  }
}
