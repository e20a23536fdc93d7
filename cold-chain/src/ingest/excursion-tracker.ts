// The storage excursion rule applied to a device's temperature readings: an excursion runs from the first
// reading warmer than the storage limit to the first one back at or below it. It is a violation when it
// gets warmer than the tolerance limit or lasts longer than the tolerated hours; otherwise tolerated.
import type { Reading } from '../merkle/reading-leaf';

/** The storage rule as the governed rule set states it for the device's jurisdiction. */
export interface StorageRule {
  readonly storageLimitC: number;
  /** The excursion allowance: warmer than this is a violation at once ... */
  readonly toleranceLimitC: number;
  /** ... and so is lasting longer than this. */
  readonly toleranceHours: number;
  /** Where the rule came from, kept with each excursion: e.g. `RuleSet CN v1 (tx 117e...)`. */
  readonly source: string;
}

export type ExcursionSeverity = 'tolerated' | 'violation';

export interface Excursion {
  readonly id: string;
  readonly device: string;
  readonly node: string;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly lastReadingAt: Date;
  readonly peakValue: number;
  readonly peakReadingAt: Date;
  readonly severity: ExcursionSeverity;
  readonly rule: StorageRule;
  /** The window whose root proves the peak reading. */
  readonly evidenceWindow: Date;
}

const severityOf = (e: Omit<Excursion, 'severity'>, rule: StorageRule): ExcursionSeverity =>
  e.peakValue > rule.toleranceLimitC || e.lastReadingAt.getTime() - e.startedAt.getTime() > rule.toleranceHours * 3_600_000
    ? 'violation'
    : 'tolerated';

/**
 * Continues `open` (the device's excursion still running, if any) over `readings` of one device and node,
 * sorted by source time and stored in window `window`. Returns every excursion it opened, changed or closed.
 * Readings without a value (a Bad status) neither open nor close an excursion.
 */
export function trackExcursions(open: Excursion | undefined, readings: readonly Reading[], window: Date, rule: StorageRule): Excursion[] {
  const touched = new Map<string, Excursion>();
  let current = open;
  for (const reading of readings) {
    if (reading.value === null) continue;
    if (current && reading.sourceTime.getTime() <= current.lastReadingAt.getTime()) continue;
    const warm = reading.value > rule.storageLimitC;
    if (!current && !warm) continue;
    if (!current) {
      const started = {
        id: `${reading.device}/${reading.node}@${reading.sourceTime.toISOString()}`,
        device: reading.device,
        node: reading.node,
        startedAt: reading.sourceTime,
        endedAt: null,
        lastReadingAt: reading.sourceTime,
        peakValue: reading.value,
        peakReadingAt: reading.sourceTime,
        rule,
        evidenceWindow: window,
      };
      current = { ...started, severity: severityOf(started, rule) };
    } else if (warm) {
      const peak = reading.value > current.peakValue;
      const next = {
        ...current,
        lastReadingAt: reading.sourceTime,
        ...(peak ? { peakValue: reading.value, peakReadingAt: reading.sourceTime, evidenceWindow: window } : {}),
      };
      current = { ...next, severity: severityOf(next, rule) };
    } else {
      current = { ...current, endedAt: reading.sourceTime };
    }
    touched.set(current.id, current);
    if (current.endedAt !== null) current = undefined;
  }
  return [...touched.values()];
}
