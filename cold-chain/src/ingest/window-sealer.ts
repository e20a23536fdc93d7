// Seals each closed window: one Merkle root per device over its readings in leaf order, and the storage
// excursion rule run over the window's temperatures; both written in one transaction.
import { merkleRoot } from '../merkle/tree';
import type { StorageRule } from './excursion-tracker';
import { trackExcursions, type Excursion } from './excursion-tracker';
import type { DeviceRoot } from './ledger-ports';
import type { ReadingStore, StoredReading } from './reading-store';
import { windowAt, type Window } from './windows';

export interface SealerOptions {
  readonly store: ReadingStore;
  readonly windowMs: number;
  /** Devices whose `temperature` is plasma storage, watched by the storage rule. */
  readonly storageDevices: ReadonlySet<string>;
  /** The storage rule that applies to a device (the governed rule set of its site's jurisdiction). */
  readonly rule: (device: string) => Promise<StorageRule>;
  /** Told every reading of a window once it is sealed (the ingest's source-time guard moves its marks). */
  readonly onSealed?: (readings: readonly StoredReading[]) => void;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

export class WindowSealer {
  readonly #options: SealerOptions;
  #sealed = 0;

  constructor(options: Readonly<SealerOptions>) {
    this.#options = options;
  }

  get sealed(): number {
    return this.#sealed;
  }

  /** Seals every window that has closed by `now`. Must not run while a write is in flight (the ingest serialises them). */
  async sealDue(now: number): Promise<void> {
    const due = await this.#options.store.unsealedWindows(windowAt(now, this.#options.windowMs).start);
    for (const window of due) await this.#seal(window);
  }

  async #seal(window: Window): Promise<void> {
    const { store, storageDevices } = this.#options;
    const readings = await store.windowReadings(window.start);
    const roots: DeviceRoot[] = [];
    const excursions: Excursion[] = [];
    for (const [device, deviceReadings] of groupBy(readings, (r) => r.device)) {
      roots.push({ device, root: merkleRoot(deviceReadings.map((r) => r.leafHash)), leafCount: deviceReadings.length });
      if (storageDevices.has(device)) excursions.push(...(await this.#excursions(device, deviceReadings, window.start)));
    }
    await store.sealWindow(window.start, roots, excursions);
    this.#options.onSealed?.(readings);
    this.#sealed += 1;
  }

  async #excursions(device: string, readings: readonly StoredReading[], window: Date): Promise<Excursion[]> {
    const temperatures = readings.filter((r) => r.node === 'temperature').sort((a, b) => a.sourceTime.getTime() - b.sourceTime.getTime());
    if (temperatures.length === 0) return [];
    const open = await this.#options.store.openExcursion(device, 'temperature');
    return trackExcursions(open, temperatures, window, await this.#options.rule(device));
  }
}
