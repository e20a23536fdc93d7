// A lot (batch) of finished product made from one or more pools: its electronic batch record, deviations, holds,
// QA release (two signatures) and regulator lot release (批签发). The state object, validated on every read and write.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { NotFoundError, ValidationError } from '../errors';
import { CN_PRODUCT_CODE_RULE } from '../identifiers/drug-trace-code';
import { DIN_RULE } from '../identifiers/din';
import { GTIN_RULE } from '../identifiers/gs1';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readKeysByPartialKey, readState, writeState } from '../ledger/state';
import { JURISDICTION_RULE } from '../rules/jurisdiction';
import { newElectronicSignature, type ElectronicSignature } from '../signatures/electronic-signature';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  IDENTIFIER_RULE,
  integerBetween,
  matching,
  OBJECT_RULE,
  oneOf,
  readList,
  readObject,
  SHA256_HEX_RULE,
  text,
  withoutUndefined,
  type FieldReader,
} from '../validation';

export const LOT_STATUSES = ['in-process', 'qa-released', 'released', 'recalled'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];
export const HOLD_KINDS = ['look-back', 'oos', 'quality'] as const;
export type LotHoldKind = (typeof HOLD_KINDS)[number];
export const MAX_LOT_POOLS = 20;
export const MAX_LOT_UNITS = 1_000_000;

export interface Product {
  readonly name: string;
  /** GS1 GTIN-14 of the unit (vial) package, when the lot is serialised with GS1. */
  readonly gtin?: string;
  /** 7-digit product identification code of China's drug traceability code, when serialised with it. */
  readonly cnProductCode?: string;
  /** Expiry date, YYYY-MM-DD (AI 17 prints it as YYMMDD). */
  readonly expiry: string;
}

export interface LotHold {
  readonly kind: LotHoldKind;
  /** The look-back case, the OOS test result, or the hold's own id for a quality hold. */
  readonly ref: string;
  readonly reason: string;
  readonly since: string;
  /** The organisation that placed it: a quality hold is lifted by it (or a regulator), not by whoever holds the lot. */
  readonly placedBy: string;
}

export interface QaRelease {
  readonly releasedAt: string;
  readonly dossierDigest: string;
  /** The QA reviewer's and the QP's signatures over the same release dossier. */
  readonly signatures: readonly ElectronicSignature[];
}

export interface RegulatorRelease {
  readonly releasedAt: string;
  readonly signature: ElectronicSignature;
}

export interface Lot {
  /** GS1 AI (10) batch/lot: 1 to 20 characters. */
  readonly lotId: string;
  readonly factory: string;
  readonly jurisdiction: string;
  readonly product: Product;
  readonly pools: readonly string[];
  readonly status: LotStatus;
  readonly holds: readonly LotHold[];
  readonly openDeviations: readonly string[];
  /** Process steps of the electronic batch record, and a hash chain over them (each step folds into the last). */
  readonly stepCount: number;
  readonly ebrDigest: string;
  readonly unitCount: number;
  readonly qaRelease?: QaRelease;
  readonly regulatorRelease?: RegulatorRelease;
  readonly recall?: { readonly recalledAt: string; readonly reason: string };
  readonly createdAt: string;
  readonly lastChange: ChangeStamp;
}

export const LOT_ID_RULE = matching(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'must be a lot number: 1 to 20 of A-Z 0-9 -, as GS1 AI (10) prints it');
const DATE_RULE = matching(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD');
/** What Lot:CreateLot takes; the factory is the caller's organisation. */
export const LOT_INPUT_FIELDS = ['lotId', 'product', 'pools', 'jurisdiction'];
export const LOT_HOLD_FIELDS = ['kind', 'ref', 'reason', 'since', 'placedBy'];
export const QA_RELEASE_FIELDS = ['releasedAt', 'dossierDigest', 'signatures'];
export const LOT_REGULATOR_RELEASE_FIELDS = ['releasedAt', 'signature'];
export const RECALL_FIELDS = ['recalledAt', 'reason'];
export const LOT_FIELDS = [
  'lotId',
  'factory',
  'jurisdiction',
  'product',
  'pools',
  'status',
  'holds',
  'openDeviations',
  'stepCount',
  'ebrDigest',
  'unitCount',
  'qaRelease',
  'regulatorRelease',
  'recall',
  'createdAt',
  'lastChange',
];
export const PRODUCT_FIELDS = ['name', 'gtin', 'cnProductCode', 'expiry'];

export function readProduct(f: FieldReader): Product {
  const product: Product = withoutUndefined({
    name: f.required('name', text(128)),
    gtin: f.optional('gtin', GTIN_RULE),
    cnProductCode: f.optional('cnProductCode', CN_PRODUCT_CODE_RULE),
    expiry: f.required('expiry', DATE_RULE),
  });
  if (product.gtin === undefined && product.cnProductCode === undefined) {
    throw new ValidationError(f.path('gtin'), 'or cnProductCode is required: units are serialised with one of them');
  }
  return product;
}

/**
 * The code a product is known by on the ledger, e.g. for its master batch record: its GTIN when it has one, else its
 * Chinese product code (a product always has one of the two: readProduct).
 */
export function productCodeOf(product: Product): string {
  const code = product.gtin ?? product.cnProductCode;
  if (code === undefined) throw new ValidationError('product.gtin', 'or cnProductCode is required: units are serialised with one of them');
  return code;
}

function readHold(value: unknown, name: string): LotHold {
  const f = readObject(value, name, LOT_HOLD_FIELDS);
  return {
    kind: f.required('kind', oneOf(HOLD_KINDS)),
    ref: f.required('ref', IDENTIFIER_RULE),
    reason: f.required('reason', REASON_RULE),
    since: f.required('since', ISO_INSTANT_RULE),
    placedBy: f.required('placedBy', MSP_ID_RULE),
  };
}

export function newLot(value: unknown): Lot {
  const f = readObject(value, 'lot', LOT_FIELDS);
  const qa = f.optional('qaRelease', OBJECT_RULE);
  const regulator = f.optional('regulatorRelease', OBJECT_RULE);
  const recall = f.optional('recall', OBJECT_RULE);
  const holds = readList(f.required('holds', ANY_RULE), f.path('holds'), OBJECT_RULE, { max: 200 });
  const lot: Lot = withoutUndefined({
    lotId: f.required('lotId', LOT_ID_RULE),
    factory: f.required('factory', MSP_ID_RULE),
    jurisdiction: f.required('jurisdiction', JURISDICTION_RULE),
    product: readProduct(readObject(f.required('product', OBJECT_RULE), f.path('product'), PRODUCT_FIELDS)),
    pools: readList(f.required('pools', ANY_RULE), f.path('pools'), DIN_RULE, { min: 1, max: MAX_LOT_POOLS, unique: true }),
    status: f.required('status', oneOf(LOT_STATUSES)),
    holds: holds.map((hold, index) => readHold(hold, `${f.path('holds')}[${index}]`)),
    openDeviations: readList(f.required('openDeviations', ANY_RULE), f.path('openDeviations'), IDENTIFIER_RULE, {
      max: 1000,
      unique: true,
    }),
    stepCount: f.required('stepCount', integerBetween(0, 100_000, 'steps')),
    ebrDigest: f.required('ebrDigest', SHA256_HEX_RULE),
    unitCount: f.required('unitCount', integerBetween(0, MAX_LOT_UNITS, 'units')),
    qaRelease: qa === undefined ? undefined : readQaRelease(readObject(qa, f.path('qaRelease'), QA_RELEASE_FIELDS)),
    regulatorRelease:
      regulator === undefined
        ? undefined
        : (() => {
            const r = readObject(regulator, f.path('regulatorRelease'), LOT_REGULATOR_RELEASE_FIELDS);
            return {
              releasedAt: r.required('releasedAt', ISO_INSTANT_RULE),
              signature: newElectronicSignature(r.required('signature', ANY_RULE), r.path('signature')),
            };
          })(),
    recall:
      recall === undefined
        ? undefined
        : (() => {
            const r = readObject(recall, f.path('recall'), RECALL_FIELDS);
            return { recalledAt: r.required('recalledAt', ISO_INSTANT_RULE), reason: r.required('reason', REASON_RULE) };
          })(),
    createdAt: f.required('createdAt', ISO_INSTANT_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
  if (lot.status !== 'in-process' && lot.qaRelease === undefined) {
    throw new ValidationError('lot.qaRelease', `is required when the status is ${lot.status}`);
  }
  if (lot.status === 'released' && lot.regulatorRelease === undefined) {
    throw new ValidationError('lot.regulatorRelease', 'is required when the status is released');
  }
  return lot;
}

function readQaRelease(f: FieldReader): QaRelease {
  const signatures = readList(f.required('signatures', ANY_RULE), f.path('signatures'), OBJECT_RULE, { min: 2, max: 2 });
  return {
    releasedAt: f.required('releasedAt', ISO_INSTANT_RULE),
    dossierDigest: f.required('dossierDigest', SHA256_HEX_RULE),
    signatures: signatures.map((signature, index) => newElectronicSignature(signature, `${f.path('signatures')}[${index}]`)),
  };
}

export const lotKey = (ctx: Context, lotId: string): string => compositeKey(ctx, 'lot', [lotId]);

export async function findLot(ctx: Context, lotId: string): Promise<Lot | undefined> {
  const state = await readState(ctx, lotKey(ctx, lotId));
  return state === undefined ? undefined : newLot(state);
}

export async function getLot(ctx: Context, lotId: string): Promise<Lot> {
  const lot = await findLot(ctx, lotId);
  if (lot === undefined) {
    throw new NotFoundError(`lot ${lotId} is not recorded`);
  }
  return lot;
}

export const putLot = (ctx: Context, lot: Lot): Promise<void> => writeState(ctx, lotKey(ctx, lot.lotId), lot);

const POOL_LOT = 'pool-lot'; // pool-lot + poolDin + lotId → {}
const LOT_POOL = 'lot-pool'; // lot-pool + lotId + poolDin → {}

export async function linkLotToPools(ctx: Context, lot: Lot): Promise<void> {
  for (const poolDin of lot.pools) {
    await writeState(ctx, compositeKey(ctx, POOL_LOT, [poolDin, lot.lotId]), {});
    await writeState(ctx, compositeKey(ctx, LOT_POOL, [lot.lotId, poolDin]), {});
  }
}

/** Lots made from a pool, through the pool → lot index. */
export async function lotsOfPool(ctx: Context, poolDin: string): Promise<string[]> {
  return (await readKeysByPartialKey(ctx, POOL_LOT, [poolDin])).map(([, lotId = '']) => lotId);
}

/** The lot with one more hold (a hold with the same ref is kept once). */
export function withHold(lot: Lot, hold: LotHold): Lot {
  return lot.holds.some(({ ref }) => ref === hold.ref) ? lot : { ...lot, holds: [...lot.holds, hold] };
}

export const withoutHold = (lot: Lot, ref: string): Lot => ({ ...lot, holds: lot.holds.filter((hold) => hold.ref !== ref) });
