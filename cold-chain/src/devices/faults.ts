// Fault injection for tests and the demo: what can go wrong with a device, and how it bends its samples.
import { z } from 'zod';

export const FAULT_STATUSES = ['BadSensorFailure', 'BadOutOfService', 'BadCommunicationError', 'UncertainSensorNotAccurate'] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

const signal = z
  .string()
  .regex(/^[a-zA-Z]+$/)
  .optional();
const durationMs = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 3_600_000);

/**
 * - drift: the sensor's reading moves away from the truth by `ratePerHour` units per hour;
 * - excursion: the true value goes to `value` (a door left open, a compressor failing) for `durationMs`;
 * - bad-status: the device reports `status` instead of a good reading for `durationMs`;
 * - disconnect: the device server drops every client connection and refuses new ones for `durationMs`,
 *   while its devices go on sampling into their history;
 * - clock: the device's clock is `offsetMs` off (ahead when positive) for `durationMs`, so the samples it takes
 *   meanwhile carry source timestamps that far from the truth (a clock set wrong, a battery-backed clock reset).
 * `signal` names the affected signal (default: every signal of the device; a clock is the whole device's).
 */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('drift'), signal, ratePerHour: z.number() }),
  z.object({ kind: z.literal('excursion'), signal, value: z.number(), durationMs }),
  z.object({ kind: z.literal('bad-status'), signal, status: z.enum(FAULT_STATUSES), durationMs }),
  z.object({ kind: z.literal('disconnect'), durationMs }),
  z.object({
    kind: z.literal('clock'),
    offsetMs: z
      .number()
      .int()
      .min(-365 * 86_400_000)
      .max(365 * 86_400_000),
    durationMs,
  }),
]);
export type Fault = z.infer<typeof faultSchema>;
export type DeviceFault = Exclude<Fault, { kind: 'disconnect' }>;

export function parseFault(value: unknown): Fault {
  const parsed = faultSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`fault is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'kind'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

interface ActiveFault {
  readonly fault: DeviceFault;
  readonly since: number;
  readonly until: number;
}

export interface FaultedSample {
  readonly value: number;
  readonly status: FaultStatus | 'Good';
}

/** The faults active on one device, applied to each sample by its source time. */
export class DeviceFaults {
  #active: ActiveFault[] = [];

  inject(fault: DeviceFault, now: number): void {
    const until = fault.kind === 'drift' ? Number.POSITIVE_INFINITY : now + fault.durationMs;
    this.#active.push({ fault, since: now, until });
  }

  clear(): void {
    this.#active = [];
  }

  apply(signalName: string, at: number, trueValue: number): FaultedSample {
    this.#active = this.#active.filter((a) => a.until > at);
    let value = trueValue;
    let status: FaultedSample['status'] = 'Good';
    for (const { fault, since } of this.#active) {
      if (fault.kind === 'clock' || at < since || (fault.signal !== undefined && fault.signal !== signalName)) continue;
      if (fault.kind === 'excursion') value = fault.value;
      else if (fault.kind === 'drift') value += (fault.ratePerHour * (at - since)) / 3_600_000;
      else status = fault.status;
    }
    return { value, status };
  }

  /** How far the device's clock is off at `at` (the true sample time): what its source timestamps carry on top. */
  clockOffsetMs(at: number): number {
    const clock = this.#active.find((a) => a.fault.kind === 'clock' && at >= a.since && at < a.until);
    return clock?.fault.kind === 'clock' ? clock.fault.offsetMs : 0;
  }
}
