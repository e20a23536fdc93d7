// Which bags a device's excursion reaches, and for how long: a freezer's are the bags its site stored at its
// location before the excursion ended; a reefer logger's are the bags of the shipments that travelled with it
// during the excursion. Both were in the device's site's custody when the excursion began, which is why the site's
// device gateway may hold them even after the factory received them.
import type { Context } from 'fabric-contract-api';
import type { Donation, Excursion } from '../donation/donation';
import { getDonations } from '../donation/donation-store';
import { allows } from '../donation/life-cycle';
import { dinsStoredAt } from '../donation/location-index';
import { shipmentsWithLogger } from '../shipment/logger-index';
import { HOUR_MS } from '../time';
import type { Device } from './device';
import type { ExcursionReport } from './excursion-report';

/** Bags to hold under one donation-level excursion: a freezer's all together, a reefer's shipment by shipment. */
export interface ExcursionReach {
  readonly excursion: Excursion;
  readonly donations: readonly Donation[];
  /** The shipment these bags travelled in, for a reefer logger. */
  readonly shipmentId?: string;
}

const hoursBetween = (from: string, to: string): number => Math.round(((Date.parse(to) - Date.parse(from)) / HOUR_MS) * 100) / 100;
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);
const earlier = (a: string, b: string): string => (Date.parse(a) <= Date.parse(b) ? a : b);

/**
 * The bags `report`'s excursion (running until `until`) reaches that are still to hold: not held by it already
 * (`alreadyHeld`: an earlier report of the same excursion) and in a status a temperature hold may follow.
 */
export async function excursionReach(
  ctx: Context, device: Device, report: ExcursionReport, until: string, alreadyHeld: ReadonlySet<string>,
): Promise<ExcursionReach[]> {
  const holdable = (donation: Donation): boolean => !alreadyHeld.has(donation.din) && allows('hold', donation.status);
  const maxTemperatureC = report.peakTemperatureC;
  if (device.location !== undefined) {
    const stored = await getDonations(ctx, await dinsStoredAt(ctx, device.site, device.location));
    return [{
      excursion: { maxTemperatureC, durationHours: hoursBetween(report.startedAt, until), location: device.location },
      donations: stored.filter((donation) => donation.storage !== undefined && Date.parse(donation.storage.storedAt) <= Date.parse(until) && holdable(donation)),
    }];
  }
  // A shipment is exposed only while it travelled; the excursion's peak is held against it even if the peak came
  // before dispatch or after receipt (the evidence proves no other reading), which errs on the side of safety.
  const reach: ExcursionReach[] = [];
  for (const shipment of await shipmentsWithLogger(ctx, device.deviceId, report.startedAt, until)) {
    const from = later(report.startedAt, shipment.dispatchedAt);
    const to = shipment.receipt === undefined ? until : earlier(until, shipment.receipt.receivedAt);
    reach.push({
      excursion: { maxTemperatureC, durationHours: hoursBetween(from, to), location: `shipment ${shipment.shipmentId}` },
      donations: (await getDonations(ctx, shipment.dins)).filter(holdable),
      shipmentId: shipment.shipmentId,
    });
  }
  return reach;
}

/** How a hold event names the device's whole excursion: the freezer's location, or the reefer logger. */
export function deviceExcursion(device: Device, report: ExcursionReport, until: string): Excursion {
  return {
    maxTemperatureC: report.peakTemperatureC,
    durationHours: hoursBetween(report.startedAt, until),
    location: device.location ?? `reefer logger ${device.deviceId}`,
  };
}
