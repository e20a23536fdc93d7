// How a bench offers its load: a fixed number of transactions in flight (a closed loop: each completion lets the next
// one go), or a fixed arrival rate (an open loop: each send is due at a fixed time whatever has completed, and its
// latency counts from that time, so a stalled system cannot hold back the sends that would have shown the stall:
// no coordinated omission).
import { setTimeout as sleep } from 'node:timers/promises';

export type Load = { readonly kind: 'in flight'; readonly inFlight: number } | { readonly kind: 'rate'; readonly perSecond: number };

export const describeLoad = (load: Load): string =>
  load.kind === 'rate' ? `${load.perSecond} tx/s offered (fixed arrival rate)` : `${load.inFlight} in flight`;

/** When send `index` is due at a fixed rate, in ms after the first. */
export const dueAtMs = (index: number, perSecond: number): number => (index * 1000) / perSecond;

/** One transaction, resolved once committed; a rejection is a failure. */
export type Send = (index: number) => Promise<void>;

export interface Driven {
  /** Each committed transaction's latency in ms, in completion order. */
  readonly latenciesMs: number[];
  readonly errors: unknown[];
  /** From the first send to the last completion. */
  readonly seconds: number;
}

/** Sends `count` transactions under `load`. */
export async function drive(load: Load, count: number, send: Send): Promise<Driven> {
  const latenciesMs: number[] = [];
  const errors: unknown[] = [];
  const started = performance.now();
  const one = (index: number, from: number): Promise<void> =>
    send(index).then(
      () => {
        latenciesMs.push(performance.now() - from);
      },
      (error: unknown) => {
        errors.push(error);
      },
    );
  if (load.kind === 'rate') {
    const pending: Promise<void>[] = [];
    for (let index = 0; index < count; index += 1) {
      const due = started + dueAtMs(index, load.perSecond);
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(one(index, due));
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) await one(next++, performance.now());
    };
    await Promise.all(Array.from({ length: Math.min(load.inFlight, count) }, worker));
  }
  return { latenciesMs, errors, seconds: (performance.now() - started) / 1000 };
}
