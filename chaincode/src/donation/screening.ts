// Station screening (HBsAg, anti-HCV, anti-HIV-1/2, syphilis, ALT): the detail goes to a private data
// collection shared by the station and the factory; the donation keeps the conclusion and the detail's hash,
// which every organisation can check against the hash Fabric keeps on the channel.
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { fromBytes, toCanonicalBytes } from '../ledger/canonical';
import { sha256Hex } from '../ledger/digest';
import { assertNotAhead } from '../access/endorsement-time';
import { compositeKey } from '../ledger/keys';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, numberBetween, oneOf, parseJson, readList, readObject, text, withoutUndefined, type Rule } from '../validation';
import type { Donation, Screening } from './donation';

/** The transient field carrying the screening detail (never written to the transaction itself). */
export const SCREENING_TRANSIENT_KEY = 'screening';

/**
 * Name of a station's screening collection. network/src/collections.ts writes the collection definitions with
 * the same rule (one per station, members: the station and every factory).
 */
export const screeningCollection = (stationMspId: string): string => `screening${stationMspId}`;

export interface ScreeningTest {
  readonly analyte: string;
  readonly method: string;
  /** As the instrument or reader reports it, e.g. "non-reactive", "S/CO 0.12", "23". */
  readonly result: string;
  readonly value?: number;
  readonly unit?: string;
  /** reactive: the bag is non-conforming (for ALT: above the limit). */
  readonly conclusion: 'negative' | 'reactive';
  readonly instrument: string;
  readonly reagentLot?: string;
}

/** The transient `screening` a station sends; the analyst is the caller. */
export const SCREENING_DETAIL_INPUT_FIELDS = ['tests', 'testedAt', 'lab'];

export interface ScreeningDetail {
  readonly din: string;
  readonly tests: readonly ScreeningTest[];
  readonly testedAt: string;
  readonly lab: string;
  readonly analyst: string;
}

export const SCREENING_TEST_FIELDS = ['analyte', 'method', 'result', 'value', 'unit', 'conclusion', 'instrument', 'reagentLot'];
const TEST_RULE: Rule<unknown> = ANY_RULE;

function readTest(value: unknown, name: string): ScreeningTest {
  const f = readObject(value, name, SCREENING_TEST_FIELDS);
  return withoutUndefined({
    analyte: f.required('analyte', text(40)),
    method: f.required('method', text(64)),
    result: f.required('result', text(64)),
    value: f.optional('value', numberBetween(-1e9, 1e9, 'units')),
    unit: f.optional('unit', text(32)),
    conclusion: f.required('conclusion', oneOf(['negative', 'reactive'] as const)),
    instrument: f.required('instrument', text(64)),
    reagentLot: f.optional('reagentLot', text(64)),
  });
}

/** Reads the transient `screening` field: `{ tests: [...], testedAt, lab }`; the analyst is the caller. */
export async function readScreeningDetail(ctx: Context, donation: Donation, analyst: string): Promise<ScreeningDetail> {
  const bytes = ctx.stub.getTransient().get(SCREENING_TRANSIENT_KEY);
  if (bytes === undefined) {
    throw new ValidationError(SCREENING_TRANSIENT_KEY, 'is required as transient data: the screening detail stays off the transaction');
  }
  const f = readObject(
    parseJson(Buffer.from(bytes).toString('utf8'), SCREENING_TRANSIENT_KEY),
    SCREENING_TRANSIENT_KEY,
    SCREENING_DETAIL_INPUT_FIELDS,
  );
  const listed = readList(f.required('tests', ANY_RULE), f.path('tests'), TEST_RULE, { min: 1, max: 30 });
  const tests = listed.map((test, index) => readTest(test, `${f.path('tests')}[${index}]`));
  const testedAt = f.required('testedAt', ISO_INSTANT_RULE);
  if (Date.parse(testedAt) < Date.parse(donation.collectionStart)) {
    throw new ValidationError(f.path('testedAt'), 'must not be before the collection start');
  }
  await assertNotAhead(ctx, testedAt, f.path('testedAt'));
  return { din: donation.din, tests, testedAt, lab: f.required('lab', text(128)), analyst };
}

/** Checks that every mandatory analyte was tested exactly once; returns the public conclusion. */
export function concludeScreening(detail: ScreeningDetail, mandatory: readonly string[]): 'negative' | 'reactive' {
  const tested = detail.tests.map(({ analyte }) => analyte);
  tested.forEach((analyte, index) => {
    if (tested.indexOf(analyte) !== index) {
      throw new ValidationError(`${SCREENING_TRANSIENT_KEY}.tests[${index}].analyte`, `repeats ${analyte}; each analyte is reported once`);
    }
  });
  const missing = mandatory.filter((analyte) => !tested.includes(analyte));
  if (missing.length > 0) {
    throw new ValidationError(
      `${SCREENING_TRANSIENT_KEY}.tests`,
      `must include every mandatory screening test; missing ${missing.join(', ')}`,
    );
  }
  return detail.tests.some(({ conclusion }) => conclusion === 'reactive') ? 'reactive' : 'negative';
}

const screeningKey = (ctx: Context, din: string): string => compositeKey(ctx, 'screening', [din]);

/** Writes the detail to the station's collection; returns the public record (with the detail's hash). */
export async function storeScreening(
  ctx: Context,
  donation: Donation,
  detail: ScreeningDetail,
  conclusion: Screening['conclusion'],
  now: string,
): Promise<Screening> {
  const collection = screeningCollection(donation.station);
  const bytes = toCanonicalBytes(detail);
  await ctx.stub.putPrivateData(collection, screeningKey(ctx, donation.din), bytes);
  return {
    conclusion,
    analytes: detail.tests.map(({ analyte }) => analyte).sort(),
    detailHash: sha256Hex(bytes),
    collection,
    screenedAt: now,
  };
}

/** The private detail, checked against the public hash (members of the collection only). */
export async function readScreening(ctx: Context, donation: Donation): Promise<{ detail: unknown; hashMatches: boolean } | undefined> {
  if (donation.screening === undefined) {
    return undefined;
  }
  const bytes = await ctx.stub.getPrivateData(donation.screening.collection, screeningKey(ctx, donation.din));
  if (bytes.length === 0) {
    return undefined;
  }
  return { detail: fromBytes(bytes), hashMatches: sha256Hex(bytes) === donation.screening.detailHash };
}

/** The hash Fabric keeps on the channel for the private detail: readable by every organisation. */
export async function screeningHashOnChannel(ctx: Context, donation: Donation): Promise<string | undefined> {
  if (donation.screening === undefined) {
    return undefined;
  }
  const hash = await ctx.stub.getPrivateDataHash(donation.screening.collection, screeningKey(ctx, donation.din));
  return hash.length === 0 ? undefined : Buffer.from(hash).toString('hex');
}
