// A look-back case (回溯): the donor, the reason, the window, and every object found affected, listed as items in a
// hash chain so the finished case can be verified item by item. It proceeds in steps (see look-back-step.ts).
import type { Context } from 'fabric-contract-api';
import { REGULATOR_SIGNER_ROLE } from '../access/roles';
import { DONOR_PSEUDONYM_RULE } from '../donation/donation';
import { NotFoundError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { canonicalDigest } from '../ledger/digest';
import { compositeKey } from '../ledger/keys';
import { readByPartialKey, readState, writeState } from '../ledger/state';
import { JURISDICTION_RULE } from '../rules/jurisdiction';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  IDENTIFIER_RULE,
  integerBetween,
  OBJECT_RULE,
  oneOf,
  readObject,
  SHA256_HEX_RULE,
  text,
  withoutUndefined,
} from '../validation';
import { GENESIS_DIGEST } from '../lot/batch-record';
import {
  isGenuineRecordedSignature,
  newElectronicSignature,
  type ElectronicSignature,
  type SignableRecord,
} from '../signatures/electronic-signature';
import { regulatorIdsEver } from '../consortium/registry';
import { MSP_ID_RULE } from '../consortium/organisation';

export const ITEM_KINDS = ['donation', 'pool', 'lot'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const CONCLUSION_OUTCOMES = ['cleared', 'confirmed'] as const;

/**
 * The regulator's signed conclusion of a complete case: `cleared` (the donor's reactive result was not confirmed, e.g.
 * a false positive) lets the lots' look-back holds be lifted; `confirmed` keeps them, and the lots go to disposition.
 */
export interface LookBackConclusion {
  readonly outcome: (typeof CONCLUSION_OUTCOMES)[number];
  readonly reason: string;
  readonly concludedAt: string;
  readonly signature: ElectronicSignature;
}

/**
 * Whose bags a case may interdict: the regulator's reach the whole consortium; a station's only the bags it collected;
 * the factory's only the bags in its custody. A station that recorded a donation under another station's donor's
 * pseudonym (pseudonyms are on the ledger) thus reaches only its own bags; the rest needs the regulator or the donor's
 * own station, by request.
 */
export const SCOPE_KINDS = ['consortium', 'station', 'custodian'] as const;
export interface LookBackScope {
  readonly kind: (typeof SCOPE_KINDS)[number];
  /** The organisation that opened (or confirmed) the case: it places the lots' holds. */
  readonly mspId: string;
}

/** Whether `donation` lies within the case's reach. */
export function inScope({ kind, mspId }: LookBackScope, donation: { station: string; custodian?: string }): boolean {
  if (kind === 'consortium') return true;
  return kind === 'station' ? donation.station === mspId : (donation.custodian ?? donation.station) === mspId;
}

/** What the regulator decides of a complete case: the outcome and why. */
export interface Conclusion {
  readonly outcome: (typeof CONCLUSION_OUTCOMES)[number];
  readonly reason: string;
}

export interface LookBackCase {
  readonly caseId: string;
  readonly donorPseudonym: string;
  readonly reason: string;
  readonly jurisdiction: string;
  readonly scope: LookBackScope;
  /** Donations collected from `from` to `to` are interdicted. */
  readonly window: { readonly from: string; readonly to: string };
  readonly status: 'in-progress' | 'complete';
  /** Position in the donor index after which the next step continues: `<collection start>/<DIN>`, empty at first. */
  readonly cursor: string;
  readonly counts: { readonly donations: number; readonly pools: number; readonly lots: number };
  readonly itemCount: number;
  /** Hash chain over the items in order: each item's digest folds into the previous one. */
  readonly itemsDigest: string;
  readonly steps: number;
  readonly openedAt: string;
  readonly completedAt?: string;
  /** The request this case was opened on, when someone else than its deciders asked for it. */
  readonly requestId?: string;
  readonly conclusion?: LookBackConclusion;
  readonly lastChange: ChangeStamp;
}

export interface LookBackItem {
  readonly caseId: string;
  readonly seq: number;
  readonly kind: ItemKind;
  readonly id: string;
  /** What was found: status before, membership proof, holds, shipped cases... */
  readonly detail: Readonly<Record<string, unknown>>;
}

export const LOOK_BACK_WINDOW_FIELDS = ['from', 'to'];
export const LOOK_BACK_COUNTS_FIELDS = ['donations', 'pools', 'lots'];
export const LOOK_BACK_SCOPE_FIELDS = ['kind', 'mspId'];
/** What the regulator gives to conclude a case; the ledger adds when, and their signature. */
export const CONCLUSION_INPUT_FIELDS = ['outcome', 'reason'] as const satisfies readonly (keyof Conclusion)[];
export const LOOK_BACK_CONCLUSION_FIELDS = [...CONCLUSION_INPUT_FIELDS, 'concludedAt', 'signature'];
export const LOOK_BACK_CASE_FIELDS = [
  'caseId',
  'donorPseudonym',
  'reason',
  'jurisdiction',
  'scope',
  'window',
  'status',
  'cursor',
  'counts',
  'itemCount',
  'itemsDigest',
  'steps',
  'openedAt',
  'completedAt',
  'requestId',
  'conclusion',
  'lastChange',
];

export function newLookBackCase(value: unknown): LookBackCase {
  const f = readObject(value, 'lookBackCase', LOOK_BACK_CASE_FIELDS);
  const window = readObject(f.required('window', OBJECT_RULE), f.path('window'), LOOK_BACK_WINDOW_FIELDS);
  const counts = readObject(f.required('counts', OBJECT_RULE), f.path('counts'), LOOK_BACK_COUNTS_FIELDS);
  const count = integerBetween(0, 1_000_000, 'objects');
  const conclusion = f.optional('conclusion', OBJECT_RULE);
  return withoutUndefined({
    caseId: f.required('caseId', IDENTIFIER_RULE),
    donorPseudonym: f.required('donorPseudonym', DONOR_PSEUDONYM_RULE),
    reason: f.required('reason', REASON_RULE),
    jurisdiction: f.required('jurisdiction', JURISDICTION_RULE),
    scope: (() => {
      const s = readObject(f.required('scope', OBJECT_RULE), f.path('scope'), LOOK_BACK_SCOPE_FIELDS);
      return { kind: s.required('kind', oneOf(SCOPE_KINDS)), mspId: s.required('mspId', MSP_ID_RULE) };
    })(),
    window: { from: window.required('from', ISO_INSTANT_RULE), to: window.required('to', ISO_INSTANT_RULE) },
    status: f.required('status', oneOf(['in-progress', 'complete'] as const)),
    cursor: f.required('cursor', {
      text: 'must be a donor index position',
      test: (v): v is string => typeof v === 'string' && v.length <= 64,
    }),
    counts: {
      donations: counts.required('donations', count),
      pools: counts.required('pools', count),
      lots: counts.required('lots', count),
    },
    itemCount: f.required('itemCount', count),
    itemsDigest: f.required('itemsDigest', SHA256_HEX_RULE),
    steps: f.required('steps', integerBetween(0, 1_000_000, 'steps')),
    openedAt: f.required('openedAt', ISO_INSTANT_RULE),
    completedAt: f.optional('completedAt', ISO_INSTANT_RULE),
    requestId: f.optional('requestId', IDENTIFIER_RULE),
    conclusion:
      conclusion === undefined
        ? undefined
        : (() => {
            const c = readObject(conclusion, f.path('conclusion'), LOOK_BACK_CONCLUSION_FIELDS);
            return {
              outcome: c.required('outcome', oneOf(CONCLUSION_OUTCOMES)),
              reason: c.required('reason', REASON_RULE),
              concludedAt: c.required('concludedAt', ISO_INSTANT_RULE),
              signature: newElectronicSignature(c.required('signature', ANY_RULE), c.path('signature')),
            };
          })(),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

export function newLookBackItem(value: unknown): LookBackItem {
  const f = readObject(value, 'lookBackItem', ['caseId', 'seq', 'kind', 'id', 'detail']);
  return {
    caseId: f.required('caseId', IDENTIFIER_RULE),
    seq: f.required('seq', integerBetween(1, 1_000_000, 'items')),
    kind: f.required('kind', oneOf(ITEM_KINDS)),
    id: f.required('id', text(64)),
    detail: f.required('detail', OBJECT_RULE),
  };
}

/** What the regulator signs to conclude a case: the case as found (its item chain and counts) and the conclusion. */
export const conclusionRecord = (lookBack: LookBackCase, { outcome, reason }: Conclusion): SignableRecord => ({
  type: 'look-back-conclusion',
  id: lookBack.caseId,
  content: {
    caseId: lookBack.caseId,
    donorPseudonym: lookBack.donorPseudonym,
    itemsDigest: lookBack.itemsDigest,
    counts: lookBack.counts,
    outcome,
    reason,
  },
});

/**
 * Whether the regulator concluded the case `cleared` with its own genuine signature: the case key belongs to whoever
 * opened it, and that member and one other could write a conclusion into it that no regulator signed.
 */
export async function isClearedByRegulator(ctx: Context, lookBack: LookBackCase): Promise<boolean> {
  const { conclusion } = lookBack;
  if (conclusion?.outcome !== 'cleared') return false;
  return isGenuineRecordedSignature(ctx, conclusion.signature, conclusionRecord(lookBack, conclusion), {
    meaning: 'look-back-conclusion',
    roles: [REGULATOR_SIGNER_ROLE],
    mspIds: await regulatorIdsEver(ctx),
  });
}

/** The chain: digest(n) = SHA-256 of { previous: digest(n-1), item }; digest(0) is 64 zeros. */
export const chainItem = (previous: string, item: LookBackItem): string => canonicalDigest({ previous, item });

/** Recomputes the chain over items in order: equal to the case's itemsDigest when the list is complete and unaltered. */
export const itemsDigestOf = (items: readonly LookBackItem[]): string => items.reduce(chainItem, GENESIS_DIGEST);

const CASE = 'look-back-case';
const ITEM = 'look-back-item'; // look-back-item + caseId + seq (6 digits) → LookBackItem
const LISTED = 'look-back-listed'; // look-back-listed + caseId + kind + id → {}: each object is listed once per case

export const lookBackCaseKey = (ctx: Context, caseId: string): string => compositeKey(ctx, CASE, [caseId]);

export async function findLookBackCase(ctx: Context, caseId: string): Promise<LookBackCase | undefined> {
  const state = await readState(ctx, lookBackCaseKey(ctx, caseId));
  return state === undefined ? undefined : newLookBackCase(state);
}

export async function getLookBackCase(ctx: Context, caseId: string): Promise<LookBackCase> {
  const lookBack = await findLookBackCase(ctx, caseId);
  if (lookBack === undefined) throw new NotFoundError(`look-back case ${caseId} is not recorded`);
  return lookBack;
}

export const putLookBackCase = (ctx: Context, lookBack: LookBackCase): Promise<void> =>
  writeState(ctx, lookBackCaseKey(ctx, lookBack.caseId), lookBack);

export async function putItem(ctx: Context, item: LookBackItem): Promise<void> {
  await writeState(ctx, compositeKey(ctx, ITEM, [item.caseId, String(item.seq).padStart(6, '0')]), item);
  await writeState(ctx, compositeKey(ctx, LISTED, [item.caseId, item.kind, item.id]), {});
}

export async function isListed(ctx: Context, caseId: string, kind: ItemKind, id: string): Promise<boolean> {
  return (await readState(ctx, compositeKey(ctx, LISTED, [caseId, kind, id]))) !== undefined;
}

export async function listItems(ctx: Context, caseId: string): Promise<LookBackItem[]> {
  return (await readByPartialKey(ctx, ITEM, [caseId])).map(newLookBackItem);
}
