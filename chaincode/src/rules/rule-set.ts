// A jurisdiction's rule set: hold period, storage limit and excursion allowance, look-back window and mandatory
// tests. The rules of the trade live on the ledger, not in code; changing them is governed (rule-set-contract.ts).
import type { Context } from 'fabric-contract-api';
import { jurisdictionOf, type Organisation } from '../consortium/organisation';
import { NotFoundError, ValidationError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readByPartialKey, readSharedState } from '../ledger/state';
import { newElectronicSignature, type ElectronicSignature } from '../signatures/signature-record';
import {
  ANY_RULE,
  BOOLEAN_RULE,
  integerBetween,
  matching,
  OBJECT_RULE,
  oneOf,
  readList,
  readObject,
  temperatureBetween,
  type FieldReader,
} from '../validation';
import { JURISDICTION_RULE } from './jurisdiction';

export interface ExcursionAllowance {
  /** An excursion is tolerated only while colder than this (21 CFR 640.76: -5 °C). */
  readonly maxTemperatureC: number;
  /** ... and for no longer than this (72 h). */
  readonly maxHours: number;
  /** ... and only this many times in a bag's life (1). */
  readonly maxCount: number;
}

export interface MandatoryTests {
  /** Station screening of every donation (HBsAg, anti-HCV, ...). */
  readonly donation: readonly string[];
  /** Pool NAT (HBV DNA, HCV RNA, ...): gates a pool's use in a lot. */
  readonly pool: readonly string[];
  /** Final lot QC: gates QA release. */
  readonly lot: readonly string[];
}

/** What a failed or out-of-specification factory re-test of a donation does to the bag. */
export const FAILED_RETEST_OUTCOMES = ['reject', 'hold'] as const;
export type FailedRetestOutcome = (typeof FAILED_RETEST_OUTCOMES)[number];

/** The rules themselves: what a change proposes. */
export interface Rules {
  /** Days from a donation's recording on the ledger before it may be released (CN 90, QSEAL 60). */
  readonly holdDays: number;
  /**
   * How far a transaction's timestamp, set by the client, may differ from each endorsing peer's clock; times a client
   * states (collection, signing, tests) may lie this far ahead of the transaction.
   */
  readonly clockToleranceMinutes: number;
  /** A donation recorded more than this long after its collection ended needs station QA's signed late-entry record. */
  readonly lateEntryHours: number;
  /**
   * Least time between the collection starts of two donations of one donor, in days of 24 hours (CN: 14 days between
   * plasma donations). Checked against the ledger's donor index at every station of the jurisdiction.
   */
  readonly donationIntervalDays: number;
  /** Whether the later negative donation that releases a bag may come from another station than the bag's. */
  readonly laterNegativeFromAnyStation: boolean;
  /** A failed re-test rejects the bag, or holds it pending investigation. */
  readonly failedRetest: FailedRetestOutcome;
  /** Frozen plasma must stay at or below this temperature. */
  readonly storageLimitC: number;
  readonly excursionAllowance: ExcursionAllowance;
  /** Minimum span of a look-back before the donor's last negative donation. */
  readonly lookBackWindowDays: number;
  readonly mandatoryTests: MandatoryTests;
}

export interface RuleSet extends Rules {
  readonly jurisdiction: string;
  readonly version: number;
  readonly reason: string;
  /** The regulator's electronic signature on the change; absent for the defaults seeded at genesis. */
  readonly approval?: ElectronicSignature;
  readonly lastChange: ChangeStamp;
}

const ANALYTE_RULE = matching(
  /^[A-Za-z0-9][A-Za-z0-9 ./+()-]{0,39}$/,
  'must be an analyte name: 1 to 40 of letters, digits, space . / + ( ) -',
);
export const RULE_FIELDS = [
  'holdDays',
  'clockToleranceMinutes',
  'lateEntryHours',
  'donationIntervalDays',
  'laterNegativeFromAnyStation',
  'failedRetest',
  'storageLimitC',
  'excursionAllowance',
  'lookBackWindowDays',
  'mandatoryTests',
] as const satisfies readonly (keyof Rules)[];
/**
 * What a change gives: the version it was made from (a change made from an older version than the ledger's is refused,
 * so two regulators editing at once cannot overwrite each other unseen), the rules in full, and why.
 */
export const RULE_CHANGE_INPUT_FIELDS = ['fromVersion', 'rules', 'reason'] as const satisfies readonly (keyof RuleChange)[];

export interface RuleChange {
  readonly fromVersion: number;
  readonly rules: Rules;
  readonly reason: string;
}
export const RULE_SET_FIELDS = ['jurisdiction', 'version', ...RULE_FIELDS, 'reason', 'approval', 'lastChange'];
export const EXCURSION_ALLOWANCE_FIELDS = ['maxTemperatureC', 'maxHours', 'maxCount'];
export const MANDATORY_TESTS_FIELDS = ['donation', 'pool', 'lot'];

/**
 * Reads the rule fields of `fields`: the `rules` of a change, where every rule is required, or (`stored`) a rule set on
 * the ledger, where a rule added since it was written reads as absent: `donationIntervalDays` 0, no interval until
 * the regulator's next change sets one (so an upgraded chaincode still reads the ledger it finds).
 */
export function readRules(fields: FieldReader, { stored = false } = {}): Rules {
  const interval = integerBetween(0, 365, 'days');
  const allowance = readObject(
    fields.required('excursionAllowance', OBJECT_RULE),
    fields.path('excursionAllowance'),
    EXCURSION_ALLOWANCE_FIELDS,
  );
  const tests = readObject(fields.required('mandatoryTests', OBJECT_RULE), fields.path('mandatoryTests'), MANDATORY_TESTS_FIELDS);
  const analytes = (key: string): string[] =>
    readList(tests.required(key, ANY_RULE), tests.path(key), ANALYTE_RULE, { min: 1, max: 30, unique: true });
  const rules: Rules = {
    holdDays: fields.required('holdDays', integerBetween(0, 365, 'days')),
    clockToleranceMinutes: fields.required('clockToleranceMinutes', integerBetween(1, 60, 'minutes')),
    lateEntryHours: fields.required('lateEntryHours', integerBetween(1, 720, 'hours')),
    donationIntervalDays: stored
      ? (fields.optional('donationIntervalDays', interval) ?? 0)
      : fields.required('donationIntervalDays', interval),
    laterNegativeFromAnyStation: fields.required('laterNegativeFromAnyStation', BOOLEAN_RULE),
    failedRetest: fields.required('failedRetest', oneOf(FAILED_RETEST_OUTCOMES)),
    storageLimitC: fields.required('storageLimitC', temperatureBetween(-80, -5)),
    excursionAllowance: {
      maxTemperatureC: allowance.required('maxTemperatureC', temperatureBetween(-80, 0)),
      maxHours: allowance.required('maxHours', integerBetween(0, 168, 'hours')),
      maxCount: allowance.required('maxCount', integerBetween(0, 10, 'excursions')),
    },
    lookBackWindowDays: fields.required('lookBackWindowDays', integerBetween(1, 3650, 'days')),
    mandatoryTests: { donation: analytes('donation'), pool: analytes('pool'), lot: analytes('lot') },
  };
  if (rules.excursionAllowance.maxTemperatureC <= rules.storageLimitC) {
    throw new ValidationError(
      `${fields.path('excursionAllowance')}.maxTemperatureC`,
      `must be warmer than storageLimitC (${rules.storageLimitC} °C): it bounds excursions above the limit`,
    );
  }
  return rules;
}

export function newRuleSet(value: unknown): RuleSet {
  const fields = readObject(value, 'ruleSet', RULE_SET_FIELDS);
  const approval = fields.optional('approval', ANY_RULE);
  const ruleSet: RuleSet = {
    jurisdiction: fields.required('jurisdiction', JURISDICTION_RULE),
    version: fields.required('version', integerBetween(1, 1_000_000, 'versions')),
    ...readRules(fields, { stored: true }),
    reason: fields.required('reason', REASON_RULE),
    lastChange: newChangeStamp(fields.required('lastChange', ANY_RULE), fields.path('lastChange')),
  };
  return approval === undefined ? ruleSet : { ...ruleSet, approval: newElectronicSignature(approval, fields.path('approval')) };
}

/** The defaults seeded at genesis; the regulator changes them through ChangeRuleSet. */
export const DEFAULT_RULES: Readonly<Record<string, Rules>> = {
  // China: 90-day inventory hold; source plasma frozen at or below -25 °C (seed 000); look-back of 6 months (EU
  // minimum) until the regulator sets its own figure; a late entry after 72 hours; a failed re-test rejects the bag;
  // 14 days between two plasma donations of one donor.
  CN: {
    holdDays: 90,
    clockToleranceMinutes: 5,
    lateEntryHours: 72,
    donationIntervalDays: 14,
    laterNegativeFromAnyStation: false,
    failedRetest: 'reject',
    storageLimitC: -25,
    excursionAllowance: { maxTemperatureC: -5, maxHours: 72, maxCount: 1 },
    lookBackWindowDays: 180,
    mandatoryTests: {
      donation: ['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis'],
      pool: ['B19-DNA', 'HAV-RNA', 'HBV-DNA', 'HCV-RNA', 'HIV-RNA'],
      lot: ['assay', 'endotoxin', 'identity', 'purity', 'sterility'],
    },
  },
  // PPTA QSEAL: 60-day inventory hold; look-back of 12 months (21 CFR 610.46/47); two days between donations (21 CFR
  // 640.65(b)).
  QSEAL: {
    holdDays: 60,
    clockToleranceMinutes: 5,
    lateEntryHours: 72,
    donationIntervalDays: 2,
    laterNegativeFromAnyStation: false,
    failedRetest: 'reject',
    storageLimitC: -20,
    excursionAllowance: { maxTemperatureC: -5, maxHours: 72, maxCount: 1 },
    lookBackWindowDays: 365,
    mandatoryTests: {
      donation: ['HBsAg', 'anti-HCV', 'anti-HIV-1/2'],
      pool: ['B19-DNA', 'HAV-RNA', 'HBV-DNA', 'HCV-RNA', 'HIV-RNA'],
      lot: ['assay', 'endotoxin', 'identity', 'purity', 'sterility'],
    },
  },
};

const RULE_SET = 'rule-set';

export const ruleSetKey = (ctx: Context, jurisdiction: string): string => compositeKey(ctx, RULE_SET, [jurisdiction]);

// The clock check of every transaction reads its caller's, and most steps read it again.
export const findRuleSet = (ctx: Context, jurisdiction: string): Promise<RuleSet | undefined> =>
  readSharedState(ctx, ruleSetKey(ctx, jurisdiction), newRuleSet);

export async function getRuleSet(ctx: Context, jurisdiction: string): Promise<RuleSet> {
  const ruleSet = await findRuleSet(ctx, jurisdiction);
  if (ruleSet === undefined) {
    throw new NotFoundError(`no rule set for jurisdiction ${jurisdiction}; the regulator seeds them with RuleSet:SeedDefaultRuleSets`);
  }
  return ruleSet;
}

/** The rule set governing an organisation's plasma. */
export const ruleSetOf = (ctx: Context, organisation: Organisation): Promise<RuleSet> => getRuleSet(ctx, jurisdictionOf(organisation));

export async function listRuleSets(ctx: Context): Promise<RuleSet[]> {
  return (await readByPartialKey(ctx, RULE_SET)).map(newRuleSet);
}
