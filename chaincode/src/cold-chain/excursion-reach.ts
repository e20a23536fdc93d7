// Which bags a device's excursion reaches, and for how long: a freezer's are the bags its site stored at its
// location before the excursion ended; a reefer logger's are the bags of the shipments that travelled with it
// during the excursion. Both were in the device's site's custody when the excursion began, which is why the site's
// device gateway may hold them even after the factory received them.
import type { Context } from 'fabric-contract-api';
import type { Donation, Excursion } from '../donation/donation';
import { findDonation, getDonations } from '../donation/donation-store';
import { allows } from '../donation/life-cycle';
import { dinsStoredAt } from '../donation/location-index';
import { shipmentsWithLogger } from '../shipment/logger-index';
import { HOUR_MS } from '../time';
import type { Device } from './device';
import type { ExcursionRecord } from './excursion-record';
import type { ExcursionReport } from './excursion-report';
import { custodianOf } from '../donation/custody';

/** What a step needs of a report: the device's numbers, not the evidence (checked once, when the report came). */
export type ExcursionFacts = Pick<ExcursionReport, 'excursionId' | 'startedAt' | 'endedAt' | 'peakTemperatureC'>;

/** Where a freezer excursion's step starts (after this DIN), and whether its report worsened the excursion. */
export interface ExcursionStep {
  readonly after?: string;
  readonly holdsAgain?: boolean;
}

/** What one report of an excursion does to the bags it reaches: a freezer's all together, a reefer's shipment by shipment. */
export interface ExcursionReach {
  readonly excursion: Excursion;
  /** Bags to put on hold: newly reached, or released from this excursion's hold before a report that worsens it. */
  readonly toHold: readonly Donation[];
  /** Bags still on this excursion's hold: their hold takes the report's numbers. */
  readonly toRevise: readonly Donation[];
  /** The shipment these bags travelled in, for a reefer logger. */
  readonly shipmentId?: string;
  /** For a freezer with more bags than one step takes: the last DIN this step considered; the next step goes on after it. */
  readonly next?: string;
}

/**
 * Bags one transaction holds or revises at most: a freezer may hold 10,000 bags, which no block could carry at once,
 * so a freezer's excursion proceeds in steps (ColdChain:ContinueExcursion), as a look-back does.
 */
export const EXCURSION_BAGS_PER_STEP = 500;

const hoursBetween = (from: string, to: string): number => Math.round(((Date.parse(to) - Date.parse(from)) / HOUR_MS) * 100) / 100;
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);
const earlier = (a: string, b: string): string => (Date.parse(a) <= Date.parse(b) ? a : b);

/** The excursion as held against bags exposed to it from `from` to `to` at `location`. */
const exposure = (report: ExcursionFacts, from: string, to: string, location: string): Excursion => ({
  maxTemperatureC: report.peakTemperatureC,
  durationHours: hoursBetween(from, to),
  location,
});

/**
 * Whether `report` tells of a worse excursion than the `record` of its earlier reports: a warmer peak, or a later
 * end (or none). Only then is a bag QA released from this excursion's hold held again; the same report once more
 * (the ingest retrying) tells nothing QA did not judge.
 */
export function worsens(report: ExcursionFacts, record: ExcursionRecord): boolean {
  if (report.peakTemperatureC > record.peakTemperatureC) return true;
  if (record.endedAt === undefined) return false;
  return report.endedAt === undefined || Date.parse(report.endedAt) > Date.parse(record.endedAt);
}

/**
 * What `report`'s excursion (running until `until`) does to the bags it reaches, given the `record` of its earlier
 * reports: the bags still on its hold are revised; the others are held if a temperature hold may follow their status
 * and they are new to it, or were released from it before this report worsened it.
 */
export async function excursionReach(
  ctx: Context,
  device: Device,
  report: ExcursionFacts,
  until: string,
  record: ExcursionRecord | undefined,
  step: ExcursionStep = {},
): Promise<ExcursionReach[]> {
  const reachedBefore = new Set(record?.dins);
  const holdsAgain = step.holdsAgain ?? (record !== undefined && worsens(report, record));
  const sort = (donations: readonly Donation[]): Pick<ExcursionReach, 'toHold' | 'toRevise'> => ({
    toRevise: donations.filter(({ status, hold }) => status === 'on-hold' && hold?.excursionId === report.excursionId),
    toHold: donations.filter(({ din, status }) => allows('hold', status) && (!reachedBefore.has(din) || holdsAgain)),
  });
  if (device.location !== undefined) {
    // Bags on this excursion's hold, or returned from it and since moved, are no longer in the location index: the
    // candidates are the bags stored there and those reached before, in DIN order, after the step's cursor.
    const after = step.after ?? '';
    const candidates = [...new Set([...(await dinsStoredAt(ctx, device.site, device.location)), ...reachedBefore])]
      .filter((din) => din > after)
      .sort();
    const batch = candidates.slice(0, EXCURSION_BAGS_PER_STEP);
    const location = device.location;
    // An index entry pointing at no donation (any two members can write one) is passed over, not a reason to fail.
    const found = (await Promise.all(batch.map((din) => findDonation(ctx, din)))).filter(
      (donation): donation is Donation => donation !== undefined,
    );
    const reached = found.filter(
      (donation) =>
        reachedBefore.has(donation.din) ||
        // The index only points: the bag itself must say it is stored at this freezer of this site, before the end.
        (donation.storage?.location === location &&
          custodianOf(donation) === device.site &&
          Date.parse(donation.storage.storedAt) <= Date.parse(until)),
    );
    const next = candidates.length > batch.length ? batch[batch.length - 1] : undefined;
    return [{ excursion: deviceExcursion(device, report, until), ...sort(reached), ...(next === undefined ? {} : { next }) }];
  }
  // A shipment is exposed only while it travelled; the excursion's peak is held against it even if the peak came
  // before dispatch or after receipt (the evidence proves no other reading), which errs on the side of safety.
  const reach: ExcursionReach[] = [];
  for (const shipment of await shipmentsWithLogger(ctx, device.deviceId, device.site, report.startedAt, until)) {
    const from = later(report.startedAt, shipment.dispatchedAt);
    const to = shipment.receipt === undefined ? until : earlier(until, shipment.receipt.receivedAt);
    reach.push({
      excursion: exposure(report, from, to, `shipment ${shipment.shipmentId}`),
      ...sort(await getDonations(ctx, shipment.dins)),
      shipmentId: shipment.shipmentId,
    });
  }
  return reach;
}

/** How a hold event names the device's whole excursion: the freezer's location, or the reefer logger. */
export function deviceExcursion(device: Device, report: ExcursionFacts, until: string): Excursion {
  return exposure(report, report.startedAt, until, device.location ?? `reefer logger ${device.deviceId}`);
}
