// The Units contract: serialisation at packaging (commissioning vial codes, aggregating them into cases) and
// shipping cases out. Industry practice, kept here: codes are commissioned and aggregated on the packaging line while
// the lot is still in quarantine (in process, or QA-released awaiting lot release) — never for a recalled lot — and
// cases ship only once the lot is released for sale: QA-released, regulator-released (批签发), with no hold.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerMspId } from '../access/identity';
import { ownedBy } from '../consortium/ownership';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { SSCC_RULE } from '../identifiers/gs1';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent, type ObjectRef } from '../ledger/events';
import { MAX_BATCH } from '../ledger/limits';
import { readPageByPartialKey } from '../ledger/state';
import { advanceLot, assertLotStep, type LotStep } from '../lot/life-cycle';
import { getLot, MAX_LOT_UNITS, putLot, type Lot } from '../lot/lot';
import { whyNotForSale } from '../lot/standing-against';
import { transactionTime } from '../time';
import { ANY_RULE, IDENTIFIER_RULE, integerBetween, parseJson, readList, readObject, text } from '../validation';
import { assertCodeOfProduct, parseUnitCode } from './unit-code';
import {
  CASE_SHIPMENT_INPUT_FIELDS,
  caseKey,
  findCase,
  findUnit,
  getCase,
  getUnit,
  newShippingCase,
  newUnit,
  putCase,
  putUnit,
  SHIPPING_CASE_INPUT_FIELDS,
  UNIT_BY_LOT,
  unitKey,
  type ShippingCase,
  type Unit,
} from './unit';

const MAX_CASES_PER_SHIPMENT = 100;

function assertOwnLot(ctx: Context, lot: Lot, step: LotStep): void {
  if (lot.factory !== callerMspId(ctx)) {
    throw new ForbiddenError(`lot ${lot.lotId} belongs to ${lot.factory}`);
  }
  assertLotStep(lot, step);
}

function readCodes(value: unknown, field: string): string[] {
  const codes = readList(value, field, ANY_RULE, { min: 1, max: MAX_BATCH }).map(
    (text, index) => parseUnitCode(text, `${field}[${index}]`).code,
  );
  codes.forEach((code, index) => {
    if (codes.indexOf(code) !== index) throw new ValidationError(`${field}[${index}]`, `repeats unit ${code}`);
  });
  return codes;
}

@Info({ title: 'Units', description: 'Serialised vials (GS1 or China drug traceability codes), cases (SSCC), shipping' })
export class UnitsContract extends AuthorisedContract {
  constructor() {
    super('Units');
  }

  /**
   * Commissions up to MAX_BATCH unit codes of a lot (JSON array: `(01)<GTIN>(21)<serial>` or 20-digit drug traceability
   * codes of the lot's product). Allowed while the lot is in quarantine or released, not once it is recalled.
   */
  @Transaction()
  @Returns('string')
  async CommissionUnits(ctx: Context, lotId: string, unitsJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const listed = parseJson(unitsJson, 'units');
    readCodes(listed, 'units');
    const parsed = (listed as unknown[]).map((code, index) => parseUnitCode(code, `units[${index}]`));
    parsed.forEach((unit, index) => assertCodeOfProduct(unit, lot.product, `units[${index}]`));
    assertOwnLot(ctx, lot, 'commission-units');
    if (lot.unitCount + parsed.length > MAX_LOT_UNITS) {
      throw new ConflictError(`lot ${lot.lotId} would exceed ${MAX_LOT_UNITS} units`);
    }
    const now = transactionTime(ctx);
    const units: Unit[] = [];
    for (const { code, scheme, serial } of parsed) {
      if ((await findUnit(ctx, code)) !== undefined) throw new ConflictError(`unit ${code} is already commissioned`);
      units.push(
        newUnit({ code, scheme, serial, lotId: lot.lotId, status: 'commissioned', commissionedAt: now, lastChange: changeStamp(ctx) }),
      );
    }
    for (const unit of units) {
      await putUnit(ctx, unit, true);
      await ownedBy(ctx, unitKey(ctx, unit.code), lot.factory);
    }
    const counted = advanceLot(lot, 'commission-units', { unitCount: lot.unitCount + units.length }, changeStamp(ctx));
    await putLot(ctx, counted);
    const summary = { lotId: lot.lotId, commissioned: units.map(({ code }) => code), unitCount: counted.unitCount };
    emitEvent(ctx, 'UnitsCommissioned', lot.lotId, summary, [
      { type: 'lot', id: lot.lotId },
      ...units.map(({ code }) => ({ type: 'unit' as const, id: code })),
    ]);
    return toCanonicalJson(summary);
  }

  /** Packs commissioned units of one lot into a case: `caseJson` is `{ caseCode (SSCC-18), units: [...] }`. */
  @Transaction()
  @Returns('string')
  async PackCase(ctx: Context, lotId: string, caseJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const f = readObject(parseJson(caseJson, 'case'), 'case', SHIPPING_CASE_INPUT_FIELDS);
    const caseCode = f.required('caseCode', SSCC_RULE);
    const codes = readCodes(f.required('units', ANY_RULE), f.path('units'));
    assertOwnLot(ctx, lot, 'pack-case');
    if ((await findCase(ctx, caseCode)) !== undefined) throw new ConflictError(`case ${caseCode} is already packed`);
    const packed: Unit[] = [];
    for (const code of codes) {
      const unit = await getUnit(ctx, code);
      if (unit.lotId !== lot.lotId) throw new ConflictError(`unit ${code} belongs to lot ${unit.lotId}; a case holds one lot`);
      if (unit.status !== 'commissioned') throw new ConflictError(`unit ${code} is already packed in case ${unit.caseCode}`);
      packed.push(newUnit({ ...unit, status: 'packed', caseCode, lastChange: changeStamp(ctx) }));
    }
    const shippingCase = newShippingCase({
      caseCode,
      lotId: lot.lotId,
      units: [...codes].sort(),
      count: codes.length,
      status: 'packed',
      packedAt: transactionTime(ctx),
      lastChange: changeStamp(ctx),
    });
    await putCase(ctx, shippingCase, true);
    await ownedBy(ctx, caseKey(ctx, caseCode), lot.factory);
    for (const unit of packed) await putUnit(ctx, unit, false);
    emitEvent(ctx, 'CasePacked', caseCode, shippingCase, [
      { type: 'case', id: caseCode },
      ...packed.map(({ code }) => ({ type: 'unit' as const, id: code })),
    ]);
    return toCanonicalJson(shippingCase);
  }

  /**
   * Ships packed cases: `shipmentJson` is `{ shipmentId, destination, cases: [SSCC...] }` (at most 100 cases). Every
   * case's lot must be released for sale — QA and regulator released, not on hold, not recalled — or nothing ships.
   */
  @Transaction()
  @Returns('string')
  async ShipCases(ctx: Context, shipmentJson: string): Promise<string> {
    const f = readObject(parseJson(shipmentJson, 'shipment'), 'shipment', CASE_SHIPMENT_INPUT_FIELDS);
    const shipment = {
      shipmentId: f.required('shipmentId', IDENTIFIER_RULE),
      destination: f.required('destination', text(128)),
      shippedAt: transactionTime(ctx),
    };
    const caseCodes = readList(f.required('cases', ANY_RULE), f.path('cases'), SSCC_RULE, {
      min: 1,
      max: MAX_CASES_PER_SHIPMENT,
      unique: true,
    });
    // Each lot is checked once, however many of its cases ship: the regulator's signature and what others placed on it.
    const cleared = new Set<string>();
    const shipped: ShippingCase[] = [];
    for (const caseCode of caseCodes) {
      const shippingCase = await getCase(ctx, caseCode);
      if (shippingCase.status !== 'packed') throw new ConflictError(`case ${caseCode} is already shipped`);
      if (!cleared.has(shippingCase.lotId)) {
        const lot = await getLot(ctx, shippingCase.lotId);
        if (lot.factory !== callerMspId(ctx)) throw new ForbiddenError(`case ${caseCode} belongs to ${lot.factory}`);
        const reasons = await whyNotForSale(ctx, lot);
        if (reasons.length > 0) {
          throw new ConflictError(
            `case ${caseCode} holds units of lot ${lot.lotId}, which is not released for sale: ${reasons.join('; ')}`,
          );
        }
        cleared.add(lot.lotId);
      }
      shipped.push(newShippingCase({ ...shippingCase, status: 'shipped', shipment, lastChange: changeStamp(ctx) }));
    }
    for (const shippingCase of shipped) await putCase(ctx, shippingCase, false);
    const summary = { ...shipment, cases: caseCodes, units: shipped.reduce((sum, { count }) => sum + count, 0) };
    const objects: ObjectRef[] = shipped.map(({ caseCode }) => ({ type: 'case', id: caseCode }));
    emitEvent(ctx, 'CasesShipped', shipment.shipmentId, summary, objects);
    return toCanonicalJson(summary);
  }

  /** A unit, with its case (and where that went) and its lot's status. */
  @Transaction(false)
  @Returns('string')
  async GetUnit(ctx: Context, code: string): Promise<string> {
    const unit = await getUnit(ctx, parseUnitCode(code, 'code').code);
    const shippingCase = unit.caseCode === undefined ? null : await getCase(ctx, unit.caseCode);
    const lot = await getLot(ctx, unit.lotId);
    return toCanonicalJson({ unit, case: shippingCase, lot: { lotId: lot.lotId, status: lot.status, holds: lot.holds } });
  }

  @Transaction(false)
  @Returns('string')
  async GetCase(ctx: Context, caseCode: string): Promise<string> {
    if (!SSCC_RULE.test(caseCode)) throw new ValidationError('caseCode', SSCC_RULE.text);
    return toCanonicalJson(await getCase(ctx, caseCode));
  }

  /** One page of a lot's unit codes (`pageSize` 1 to 1000; `bookmark` from the previous page, empty for the first). */
  @Transaction(false)
  @Returns('string')
  async ListUnitsOfLot(ctx: Context, lotId: string, pageSize: string, bookmark: string): Promise<string> {
    const size = Number(pageSize);
    if (!integerBetween(1, 1000, 'units').test(size)) throw new ValidationError('pageSize', 'must be a whole number from 1 to 1000');
    const lot = await getLot(ctx, lotId);
    const page = await readPageByPartialKey(ctx, UNIT_BY_LOT, [lot.lotId], size, bookmark);
    return toCanonicalJson({
      lotId: lot.lotId,
      unitCount: lot.unitCount,
      units: page.items.map(({ attributes }) => attributes[1]),
      bookmark: page.bookmark,
    });
  }
}
