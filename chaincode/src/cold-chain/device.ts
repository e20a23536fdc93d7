// A cold-chain device (freezer, reefer logger, fractionation skid) registered by the site that runs it.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ValidationError } from '../errors';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { readState } from '../ledger/state';
import { LOCATION_RULE } from '../donation/donation';
import { identifierRule } from '../identifiers/identifier';
import { compositeKey } from '../ledger/keys';
import { ANY_RULE, oneOf, readObject, withoutUndefined } from '../validation';
import { DEVICE_KINDS, locationRequired, type DeviceKind } from './device-kind';

export interface Device {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  /** Where it stands, named as Donation:RecordStorage names storage locations; a reefer logger travels and has none. */
  readonly location?: string;
  /** The organisation that runs the device and whose ingest reports on it. */
  readonly site: string;
  readonly lastChange: ChangeStamp;
}

/** What RegisterDevice takes; the site is the caller's organisation. */
export const DEVICE_INPUT_FIELDS = ['deviceId', 'kind', 'location'];

export const deviceKey = (ctx: Context, deviceId: string): string => compositeKey(ctx, 'device', [deviceId]);

export function newDevice(value: unknown): Device {
  const f = readObject(value, 'device', [...DEVICE_INPUT_FIELDS, 'site', 'lastChange']);
  const device: Device = withoutUndefined({
    deviceId: f.required('deviceId', identifierRule('device')),
    kind: f.required('kind', oneOf(DEVICE_KINDS)),
    location: f.optional('location', LOCATION_RULE),
    site: f.required('site', MSP_ID_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE)),
  });
  if (locationRequired(device.kind) !== (device.location !== undefined)) {
    throw new ValidationError(
      'device.location',
      'is required for a freezer or skid, and must be absent for a reefer logger (it travels with a shipment)',
    );
  }
  return device;
}

/** The registered device with this id, if any. */
export async function findDevice(ctx: Context, deviceId: string): Promise<Device | undefined> {
  const state = await readState(ctx, deviceKey(ctx, deviceId));
  return state === undefined ? undefined : newDevice(state);
}
