// Which shipments a reefer logger travelled with: `shipment-logger~<device>~<shipmentId>` for every shipment
// dispatched with it, so the logger's excursion finds its shipments without a scan of all shipments.
import type { Context } from 'fabric-contract-api';
import { compositeKey } from '../ledger/keys';
import { readKeysByPartialKey } from '../ledger/state';
import { findShipment, type Shipment } from './shipment';

const INDEX = 'shipment-logger';

/** Enters a shipment dispatched with a logger; the entry stays after receipt (an excursion may be reported late). */
export async function indexLogger(ctx: Context, shipment: Shipment): Promise<void> {
  if (shipment.loggerDevice === undefined) return;
  await ctx.stub.putState(compositeKey(ctx, INDEX, [shipment.loggerDevice, shipment.shipmentId]), Buffer.from(shipment.shipmentId));
}

/**
 * Whether the shipment travelled at some time from `from` to `until`: dispatched at or before `until` and not
 * received before `from`.
 */
export const travelledDuring = (shipment: Shipment, from: string, until: string): boolean =>
  Date.parse(shipment.dispatchedAt) <= Date.parse(until) &&
  (shipment.receipt === undefined || Date.parse(shipment.receipt.receivedAt) >= Date.parse(from));

/**
 * The shipments dispatched with `device` (of `site`) as their logger that travelled from `from` to `until`, by shipment
 * id. The index is a pointer any two members can write: a shipment counts only if it exists, names this logger and
 * was dispatched by the logger's site.
 */
export async function shipmentsWithLogger(ctx: Context, device: string, site: string, from: string, until: string): Promise<Shipment[]> {
  const shipments: Shipment[] = [];
  for (const [, shipmentId = ''] of await readKeysByPartialKey(ctx, INDEX, [device])) {
    const shipment = await findShipment(ctx, shipmentId);
    if (shipment?.loggerDevice === device && shipment.station === site && travelledDuring(shipment, from, until)) shipments.push(shipment);
  }
  return shipments;
}
