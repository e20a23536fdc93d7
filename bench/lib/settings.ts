// A throughput bench's settings from the environment, checked at start with every error listed: the load
// (BENCH_CONCURRENCY transactions in flight, or BENCH_RATE transactions a second), BENCH_WARMUP transactions run and
// not measured, and BENCH_REPEATS measured runs.
import { type Load } from './schedule';

export interface BenchSettings {
  readonly load: Load;
  readonly warmup: number;
  readonly repeats: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A whole number ≥ `least` from `name`, or `fallback` when unset; an error's text when it is not one. */
function wholeNumber(env: Env, name: string, fallback: number, least: number): number | string {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= least ? value : `${name} must be a whole number ≥ ${least}, not "${text}"`;
}

export function benchSettings(env: Env, defaults: { readonly inFlight: number; readonly warmup: number }): BenchSettings {
  const inFlight = wholeNumber(env, 'BENCH_CONCURRENCY', defaults.inFlight, 1);
  const warmup = wholeNumber(env, 'BENCH_WARMUP', defaults.warmup, 0);
  const repeats = wholeNumber(env, 'BENCH_REPEATS', 3, 1);
  const rateText = env.BENCH_RATE;
  const rate = rateText === undefined || rateText === '' ? undefined : Number(rateText);
  const errors = [inFlight, warmup, repeats].filter((v) => typeof v === 'string');
  if (rate !== undefined && !(rate > 0 && Number.isFinite(rate)))
    errors.push(`BENCH_RATE must be a number of transactions a second > 0, not "${rateText}"`);
  if (rate !== undefined && env.BENCH_CONCURRENCY !== undefined)
    errors.push('BENCH_RATE and BENCH_CONCURRENCY exclude each other: set one');
  if (errors.length > 0 || typeof inFlight === 'string' || typeof warmup === 'string' || typeof repeats === 'string') {
    throw new Error(`bench settings: ${errors.join('; ')}`);
  }
  return { load: rate === undefined ? { kind: 'in flight', inFlight } : { kind: 'rate', perSecond: rate }, warmup, repeats };
}

/** The variants of an A/B bench that BENCH_VARIANTS picks by index ("0,2"), or every one when unset. */
export function chosenVariants<T>(env: Env, variants: readonly T[]): T[] {
  return (env.BENCH_VARIANTS ?? variants.map((_, i) => i).join(',')).split(',').map((index) => {
    const variant = variants[Number(index)];
    if (variant === undefined) throw new Error(`bench settings: BENCH_VARIANTS: no variant ${index} (0 to ${variants.length - 1})`);
    return variant;
  });
}

/** A whole number ≥ 1 from `name`, or `fallback` when unset (BENCH_TRANSACTIONS, BENCH_TRAY_BAGS). */
export function countSetting(env: Env, name: string, fallback: number): number {
  const value = wholeNumber(env, name, fallback, 1);
  if (typeof value === 'string') throw new Error(`bench settings: ${value}`);
  return value;
}
