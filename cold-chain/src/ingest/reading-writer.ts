// Buffers readings in memory and stores them in batches. A batch that fails (PostgreSQL restarting) stays
// at the head of the buffer and is retried; readings a crash loses from memory are still in the devices'
// history, which the next start reads back from the last stored source time.
import { readingLeafHash, type Reading } from '../merkle/reading-leaf';
import type { HashedReading, ReadingStore } from './reading-store';
import { windowAt } from './windows';

export interface WriterCounters {
  readonly received: number;
  readonly stored: number;
  /** Readings that were already stored (re-delivered after a reconnection or read back twice). */
  readonly duplicates: number;
  readonly buffered: number;
}

export class ReadingWriter {
  readonly #store: ReadingStore;
  readonly #windowMs: number;
  readonly #maxBatch: number;
  #buffer: HashedReading[] = [];
  #received = 0;
  #stored = 0;
  #duplicates = 0;

  constructor(store: ReadingStore, windowMs: number, maxBatch = 5_000) {
    this.#store = store;
    this.#windowMs = windowMs;
    this.#maxBatch = maxBatch;
  }

  add(readings: readonly Reading[]): void {
    for (const reading of readings) this.#buffer.push({ ...reading, leafHash: readingLeafHash(reading) });
    this.#received += readings.length;
  }

  get counters(): WriterCounters {
    return { received: this.#received, stored: this.#stored, duplicates: this.#duplicates, buffered: this.#buffer.length };
  }

  /** Stores everything buffered, batch by batch, each in the window open when it is written. */
  async flush(): Promise<void> {
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.slice(0, this.#maxBatch);
      const inserted = await this.#store.insertReadings(batch, windowAt(Date.now(), this.#windowMs));
      this.#buffer = this.#buffer.slice(batch.length);
      this.#stored += inserted;
      this.#duplicates += batch.length - inserted;
    }
  }
}
