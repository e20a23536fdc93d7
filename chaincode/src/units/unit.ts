// Serialised units (vials) and the cases they are packed in: state objects, keys and indexes by lot.
import type { Context } from 'fabric-contract-api';
import { NotFoundError } from '../errors';
import { SSCC_RULE } from '../identifiers/gs1';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { MAX_BATCH } from '../ledger/limits';
import { readKeysByPartialKey, readState, writeState } from '../ledger/state';
import { LOT_ID_RULE } from '../lot/lot';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, IDENTIFIER_RULE, integerBetween, OBJECT_RULE, oneOf, readList, readObject, text, withoutUndefined } from '../validation';

export const UNIT_STATUSES = ['commissioned', 'packed'] as const;

export interface Unit {
  readonly code: string;
  readonly scheme: 'gs1' | 'cn-drug-trace';
  readonly serial: string;
  readonly lotId: string;
  readonly status: (typeof UNIT_STATUSES)[number];
  /** The case (SSCC) it is packed in; it ships with its case. */
  readonly caseCode?: string;
  readonly commissionedAt: string;
  readonly lastChange: ChangeStamp;
}

export interface CaseShipment {
  readonly shipmentId: string;
  /** The consignee: a distributor's name or GLN. */
  readonly destination: string;
  readonly shippedAt: string;
}

export interface ShippingCase {
  readonly caseCode: string;
  readonly lotId: string;
  readonly units: readonly string[];
  readonly count: number;
  readonly status: 'packed' | 'shipped';
  readonly packedAt: string;
  readonly shipment?: CaseShipment;
  readonly lastChange: ChangeStamp;
}

export const UNIT_FIELDS = ['code', 'scheme', 'serial', 'lotId', 'status', 'caseCode', 'commissionedAt', 'lastChange'];
export const SHIPPING_CASE_FIELDS = ['caseCode', 'lotId', 'units', 'count', 'status', 'packedAt', 'shipment', 'lastChange'];
export const CASE_SHIPMENT_FIELDS = ['shipmentId', 'destination', 'shippedAt'];
/** What Units:PackCase takes. */
export const SHIPPING_CASE_INPUT_FIELDS = ['caseCode', 'units'];
/** What Units:ShipCases takes; the time is the transaction's. */
export const CASE_SHIPMENT_INPUT_FIELDS = ['shipmentId', 'destination', 'cases'];

const UNIT_CODE_TEXT = text(64);

export function newUnit(value: unknown): Unit {
  const f = readObject(value, 'unit', UNIT_FIELDS);
  return withoutUndefined({
    code: f.required('code', UNIT_CODE_TEXT),
    scheme: f.required('scheme', oneOf(['gs1', 'cn-drug-trace'] as const)),
    serial: f.required('serial', text(20)),
    lotId: f.required('lotId', LOT_ID_RULE),
    status: f.required('status', oneOf(UNIT_STATUSES)),
    caseCode: f.optional('caseCode', SSCC_RULE),
    commissionedAt: f.required('commissionedAt', ISO_INSTANT_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

export function newShippingCase(value: unknown): ShippingCase {
  const f = readObject(value, 'case', SHIPPING_CASE_FIELDS);
  const shipment = f.optional('shipment', OBJECT_RULE);
  return withoutUndefined({
    caseCode: f.required('caseCode', SSCC_RULE),
    lotId: f.required('lotId', LOT_ID_RULE),
    units: readList(f.required('units', ANY_RULE), f.path('units'), UNIT_CODE_TEXT, { min: 1, max: MAX_BATCH, unique: true }),
    count: f.required('count', integerBetween(1, MAX_BATCH, 'units')),
    status: f.required('status', oneOf(['packed', 'shipped'] as const)),
    packedAt: f.required('packedAt', ISO_INSTANT_RULE),
    shipment:
      shipment === undefined
        ? undefined
        : (() => {
            const s = readObject(shipment, f.path('shipment'), CASE_SHIPMENT_FIELDS);
            return {
              shipmentId: s.required('shipmentId', IDENTIFIER_RULE),
              destination: s.required('destination', text(128)),
              shippedAt: s.required('shippedAt', ISO_INSTANT_RULE),
            };
          })(),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

export const unitKey = (ctx: Context, code: string): string => compositeKey(ctx, 'unit', [code]);
export const caseKey = (ctx: Context, caseCode: string): string => compositeKey(ctx, 'case', [caseCode]);
export const UNIT_BY_LOT = 'unit-by-lot'; // unit-by-lot + lotId + code → {}
const CASE_BY_LOT = 'case-by-lot'; // case-by-lot + lotId + caseCode → {}

export async function findUnit(ctx: Context, code: string): Promise<Unit | undefined> {
  const state = await readState(ctx, unitKey(ctx, code));
  return state === undefined ? undefined : newUnit(state);
}

export async function getUnit(ctx: Context, code: string): Promise<Unit> {
  const unit = await findUnit(ctx, code);
  if (unit === undefined) throw new NotFoundError(`unit ${code} is not commissioned`);
  return unit;
}

export async function putUnit(ctx: Context, unit: Unit, isNew: boolean): Promise<void> {
  await writeState(ctx, unitKey(ctx, unit.code), unit);
  if (isNew) await writeState(ctx, compositeKey(ctx, UNIT_BY_LOT, [unit.lotId, unit.code]), {});
}

export async function findCase(ctx: Context, caseCode: string): Promise<ShippingCase | undefined> {
  const state = await readState(ctx, caseKey(ctx, caseCode));
  return state === undefined ? undefined : newShippingCase(state);
}

export async function getCase(ctx: Context, caseCode: string): Promise<ShippingCase> {
  const found = await findCase(ctx, caseCode);
  if (found === undefined) throw new NotFoundError(`case ${caseCode} is not packed`);
  return found;
}

export async function putCase(ctx: Context, shippingCase: ShippingCase, isNew: boolean): Promise<void> {
  await writeState(ctx, caseKey(ctx, shippingCase.caseCode), shippingCase);
  if (isNew) await writeState(ctx, compositeKey(ctx, CASE_BY_LOT, [shippingCase.lotId, shippingCase.caseCode]), {});
}

/** Every case of a lot, through the lot → case index (a lot of 10,000 vials fills some 100 cases). */
export async function casesOfLot(ctx: Context, lotId: string): Promise<ShippingCase[]> {
  const cases: ShippingCase[] = [];
  // The lot → case index is a pointer: only a case that exists and is of this lot counts.
  for (const [, caseCode = ''] of await readKeysByPartialKey(ctx, CASE_BY_LOT, [lotId])) {
    const found = await findCase(ctx, caseCode);
    if (found?.lotId === lotId) cases.push(found);
  }
  return cases;
}
