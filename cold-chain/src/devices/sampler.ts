// Produces each device's samples on its own schedule: source timestamps are the scheduled sample times, so
// they stay exact and strictly increasing even when the process lags (late samples are caught up), unless a
// clock fault sets the device's clock wrong.
import { DataType, StatusCodes } from 'node-opcua';
import type { DeviceSignalNode } from './address-space';
import { DeviceFaults } from './faults';

interface Schedule {
  readonly periodMs: number;
  readonly nodes: readonly DeviceSignalNode[];
  readonly faults: DeviceFaults;
  next: number;
}

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

export class DeviceSampler {
  readonly #schedules = new Map<string, Schedule>();
  #timer: NodeJS.Timeout | undefined;

  constructor(nodes: readonly DeviceSignalNode[]) {
    // Aligned to the period, so that readings fall on round times (…:00.000, …:01.000).
    const now = Date.now();
    for (const node of nodes) {
      const existing = this.#schedules.get(node.device.id);
      if (existing) (existing.nodes as DeviceSignalNode[]).push(node);
      else
        this.#schedules.set(node.device.id, {
          periodMs: node.device.samplePeriodMs,
          nodes: [node],
          faults: new DeviceFaults(),
          next: Math.ceil(now / node.device.samplePeriodMs) * node.device.samplePeriodMs,
        });
    }
  }

  faultsOf(deviceId: string): DeviceFaults {
    const schedule = this.#schedules.get(deviceId);
    if (!schedule) throw new Error(`device ${deviceId} is not served here; known devices: ${[...this.#schedules.keys()].join(', ')}`);
    return schedule.faults;
  }

  start(): void {
    const shortest = Math.min(...[...this.#schedules.values()].map((s) => s.periodMs));
    this.#timer = setInterval(() => this.#tick(), Math.min(250, Math.max(5, shortest)));
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    const now = Date.now();
    for (const schedule of this.#schedules.values()) {
      while (schedule.next <= now) {
        // A device clock set wrong stamps the sample with its own time, not the schedule's.
        const stampedAt = schedule.next + schedule.faults.clockOffsetMs(schedule.next);
        for (const { signal, variable } of schedule.nodes) {
          const truth = signal.nominal + signal.noise * (Math.random() * 2 - 1);
          const sample = schedule.faults.apply(signal.name, schedule.next, truth);
          const good = sample.status === 'Good';
          variable.setValueFromSource(
            good || sample.status.startsWith('Uncertain')
              ? { dataType: DataType.Double, value: round(sample.value, signal.decimals) }
              : { dataType: DataType.Null },
            StatusCodes[sample.status],
            new Date(stampedAt),
          );
        }
        schedule.next += schedule.periodMs;
      }
    }
  }
}
