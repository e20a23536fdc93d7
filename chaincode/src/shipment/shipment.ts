// A shipment of frozen plasma from a station to the factory: the manifest at dispatch, the check at receipt.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { NotFoundError } from '../errors';
import { DIN_RULE } from '../identifiers/din';
import { identifierRule } from '../identifiers/identifier';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { MAX_BATCH } from '../ledger/limits';
import { readState } from '../ledger/state';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  BOOLEAN_RULE,
  integerBetween,
  OBJECT_RULE,
  oneOf,
  readList,
  readObject,
  temperatureBetween,
  text,
  withoutUndefined,
} from '../validation';

export const DISCREPANCY_KINDS = ['missing', 'unexpected', 'damaged', 'label', 'temperature'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export interface Discrepancy {
  readonly kind: DiscrepancyKind;
  readonly dins: readonly string[];
}

export interface Receipt {
  readonly receivedAt: string;
  readonly receivedBy: string;
  /** Bags counted on arrival. */
  readonly count: number;
  readonly temperatureC: number;
  /** Every label was checked against the manifest. */
  readonly labelsChecked: boolean;
  readonly discrepancies: readonly Discrepancy[];
}

export interface Shipment {
  readonly shipmentId: string;
  readonly station: string;
  readonly destination: string;
  /** The manifest, sorted. */
  readonly dins: readonly string[];
  readonly count: number;
  readonly volumeMl: number;
  /** Temperature of the shipping container at dispatch. */
  readonly temperatureC: number;
  readonly dispatchedAt: string;
  /** The reefer data logger that travels with the shipment (a ColdChain device of the station), when one does. */
  readonly loggerDevice?: string;
  readonly status: 'dispatched' | 'received';
  readonly receipt?: Receipt;
  readonly lastChange: ChangeStamp;
}

const TEMPERATURE_RULE = temperatureBetween(-80, 40);
/** What Shipment:DispatchShipment takes; the station is the caller's, the time the transaction's. */
export const DISPATCH_INPUT_FIELDS = ['shipmentId', 'destination', 'dins', 'temperatureC', 'loggerDevice'];
/** What Shipment:ReceiveShipment takes as the receipt. */
export const RECEIPT_INPUT_FIELDS = ['receivedDins', 'temperatureC', 'labelsChecked', 'damagedDins', 'labelMismatchDins'];
export const RECEIPT_FIELDS = ['receivedAt', 'receivedBy', 'count', 'temperatureC', 'labelsChecked', 'discrepancies'];
export const DISCREPANCY_FIELDS = ['kind', 'dins'];
export const SHIPMENT_FIELDS = [
  'shipmentId',
  'station',
  'destination',
  'dins',
  'count',
  'volumeMl',
  'temperatureC',
  'dispatchedAt',
  'loggerDevice',
  'status',
  'receipt',
  'lastChange',
];

export function newShipment(value: unknown): Shipment {
  const f = readObject(value, 'shipment', SHIPMENT_FIELDS);
  const receipt = f.optional('receipt', OBJECT_RULE);
  return withoutUndefined({
    shipmentId: f.required('shipmentId', identifierRule('shipment')),
    station: f.required('station', MSP_ID_RULE),
    destination: f.required('destination', MSP_ID_RULE),
    dins: readList(f.required('dins', ANY_RULE), f.path('dins'), DIN_RULE, { min: 1, max: MAX_BATCH, unique: true }),
    count: f.required('count', integerBetween(1, MAX_BATCH, 'bags')),
    volumeMl: f.required('volumeMl', integerBetween(50, 1000 * MAX_BATCH, 'millilitres')),
    temperatureC: f.required('temperatureC', TEMPERATURE_RULE),
    dispatchedAt: f.required('dispatchedAt', ISO_INSTANT_RULE),
    loggerDevice: f.optional('loggerDevice', identifierRule('device')),
    status: f.required('status', oneOf(['dispatched', 'received'] as const)),
    receipt: receipt === undefined ? undefined : readReceipt(receipt),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

function readReceipt(value: unknown): Receipt {
  const f = readObject(value, 'shipment.receipt', RECEIPT_FIELDS);
  const discrepancies = readList(f.required('discrepancies', ANY_RULE), f.path('discrepancies'), OBJECT_RULE, {
    max: DISCREPANCY_KINDS.length,
  });
  return {
    receivedAt: f.required('receivedAt', ISO_INSTANT_RULE),
    receivedBy: f.required('receivedBy', text(256)),
    count: f.required('count', integerBetween(0, 2 * MAX_BATCH, 'bags')),
    temperatureC: f.required('temperatureC', TEMPERATURE_RULE),
    labelsChecked: f.required('labelsChecked', BOOLEAN_RULE),
    discrepancies: discrepancies.map((entry, index) => {
      const d = readObject(entry, `${f.path('discrepancies')}[${index}]`, DISCREPANCY_FIELDS);
      return {
        kind: d.required('kind', oneOf(DISCREPANCY_KINDS)),
        dins: readList(d.required('dins', ANY_RULE), d.path('dins'), DIN_RULE, { min: 1, max: 2 * MAX_BATCH, unique: true }),
      };
    }),
  };
}

export const shipmentKey = (ctx: Context, shipmentId: string): string => compositeKey(ctx, 'shipment', [shipmentId]);

export async function findShipment(ctx: Context, shipmentId: string): Promise<Shipment | undefined> {
  const state = await readState(ctx, shipmentKey(ctx, shipmentId));
  return state === undefined ? undefined : newShipment(state);
}

export async function getShipment(ctx: Context, shipmentId: string): Promise<Shipment> {
  const shipment = await findShipment(ctx, shipmentId);
  if (shipment === undefined) throw new NotFoundError(`shipment ${shipmentId} is not recorded`);
  return shipment;
}
