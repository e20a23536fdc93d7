// Limits password guessing: after `maxFailures` failed attempts on one key (an account, a client address) within a
// minute, every attempt on that key is refused until the oldest failure is a minute old.
// In memory: one gateway process serves an organisation's people.
import { ErrorCode, GatewayError } from '../errors';

export interface AttemptLimiter {
  /** Throws RATE_LIMITED while the key is locked out. */
  assertAllowed(key: string): void;
  /** Whether another attempt is allowed now (assertAllowed would not throw). */
  allows(key: string): boolean;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
}

const WINDOW_MS = 60_000;
// Past this many keys, forgotten failures are swept out so that the map cannot grow without bound.
const SWEEP_ABOVE = 10_000;

export function attemptLimiter(maxFailures: number, now: () => number = Date.now): AttemptLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const since = now() - WINDOW_MS;
    const times = (failures.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };

  return {
    allows(key) {
      return recent(key).length < maxFailures;
    },

    assertAllowed(key) {
      const times = recent(key);
      if (times.length >= maxFailures) {
        const retryAfterSeconds = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - now()) / 1000));
        throw new GatewayError(ErrorCode.RateLimited, `too many failed attempts; try again in ${retryAfterSeconds} s`, {
          retryAfterSeconds,
        });
      }
    },
    recordFailure(key) {
      if (failures.size > SWEEP_ABOVE) for (const k of [...failures.keys()]) recent(k);
      failures.set(key, [...recent(key), now()]);
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
