// Percentiles of one run's latencies, and the median of repeated runs' figures.

/** The value at fraction `p` of ascending `sorted`; NaN for none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** The median of the finite values (a repeat that committed nothing has no latency); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Figures as JSON holds them: numbers, and records of figures (by group, by reason). */
export type FigureTree = { readonly [key: string]: number | FigureTree };

/**
 * Each figure's median over the repeats, key by key; a key a repeat lacks (a group under the print threshold, a reason
 * that did not occur) counts as 0 there.
 */
export function medianFigures<T extends FigureTree>(repeats: readonly T[]): T {
  const keys = [...new Set(repeats.flatMap((r) => Object.keys(r)))];
  const entries = keys.map((key) => {
    const values = repeats.map((r) => r[key]);
    return values.some((v) => typeof v === 'object')
      ? [key, medianFigures(values.map((v) => (typeof v === 'object' ? v : {})))]
      : [key, median(values.map((v) => (typeof v === 'number' ? v : 0)))];
  });
  return Object.fromEntries(entries) as T;
}
