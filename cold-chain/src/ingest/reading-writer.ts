// Buffers readings in memory and stores them in batches. A batch that fails (PostgreSQL restarting) stays
// at the head of the buffer and is retried; readings a crash loses from memory are still in the devices'
// history, which the next start reads back from the last stored source time. A reading behind its signal's
// sealed windows is stored by no batch: already stored, it is a duplicate; otherwise it is refused as late
// (source-time-guard.ts).
import { readingId, readingLeafHash, type Reading } from '../merkle/reading-leaf';
import type { HashedReading, ReadingStore } from './reading-store';
import type { SourceTimeGuard } from './source-time-guard';
import { windowAt } from './windows';

export interface WriterCounters {
  readonly received: number;
  readonly stored: number;
  /** Readings that were already stored (re-delivered after a reconnection or read back twice). */
  readonly duplicates: number;
  /** Readings refused because a sealed window already holds their signal past their source time. */
  readonly refusedLate: number;
  readonly buffered: number;
}

export class ReadingWriter {
  readonly #store: ReadingStore;
  readonly #windowMs: number;
  readonly #guard: SourceTimeGuard;
  readonly #maxBatch: number;
  #buffer: HashedReading[] = [];
  #received = 0;
  #stored = 0;
  #duplicates = 0;
  #refusedLate = 0;

  constructor(store: ReadingStore, windowMs: number, guard: SourceTimeGuard, maxBatch = 5_000) {
    this.#store = store;
    this.#windowMs = windowMs;
    this.#guard = guard;
    this.#maxBatch = maxBatch;
  }

  add(readings: readonly Reading[]): void {
    for (const reading of readings) this.#buffer.push({ ...reading, leafHash: readingLeafHash(reading) });
    this.#received += readings.length;
  }

  get counters(): WriterCounters {
    return {
      received: this.#received,
      stored: this.#stored,
      duplicates: this.#duplicates,
      refusedLate: this.#refusedLate,
      buffered: this.#buffer.length,
    };
  }

  /** Stores everything buffered, batch by batch, each in the window open when it is written. */
  async flush(): Promise<void> {
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.slice(0, this.#maxBatch);
      const behind = batch.filter((r) => this.#guard.behindSealed(r));
      const storable = behind.length === 0 ? batch : batch.filter((r) => !this.#guard.behindSealed(r));
      const alreadyStored = behind.length === 0 ? new Set<string>() : await this.#store.storedReadingIds(behind);
      const inserted = storable.length === 0 ? 0 : await this.#store.insertReadings(storable, windowAt(Date.now(), this.#windowMs));
      // Counted only once the batch has gone through, so that a retried batch counts nothing twice.
      const late = behind.filter((r) => !alreadyStored.has(readingId(r)));
      for (const reading of late) this.#guard.refuseLate(reading);
      this.#buffer = this.#buffer.slice(batch.length);
      this.#stored += inserted;
      this.#refusedLate += late.length;
      this.#duplicates += batch.length - inserted - late.length;
    }
  }
}
