// What each governed rule means to a reader, and the rules as a form holds them (text while typed) and as a change
// sends them. Written against the chaincode's Rules, so a rule added there fails the compiler here until it is named.
import type { ExcursionAllowance, FailedRetestOutcome, MandatoryTests, Rules } from '@plasma/chaincode/browser';
import type { RulesInput } from '../../graphql/generated/operations';
import type { RuleSet } from './rules-operations';

type NumberRule = 'holdDays' | 'clockToleranceMinutes' | 'lateEntryHours' | 'donationIntervalDays' | 'storageLimitC' | 'lookBackWindowDays';

/** The rules that are one number: what each means, and its unit. */
export const NUMBER_RULES = {
  holdDays: ['Inventory hold before release', 'days'],
  clockToleranceMinutes: ["Tolerance of a client's clock", 'minutes'],
  lateEntryHours: ['A donation is a late entry after', 'hours'],
  donationIntervalDays: ["Least interval between a donor's donations", 'days'],
  storageLimitC: ['Frozen plasma kept at or below', '°C'],
  lookBackWindowDays: ['Look-back window', 'days'],
} as const satisfies Record<NumberRule, readonly [string, string]>;

export const ALLOWANCE_RULES = {
  maxTemperatureC: ['Excursion tolerated while colder than', '°C'],
  maxHours: ['… for at most', 'hours'],
  maxCount: ['… this many times in a bag’s life', 'excursions'],
} as const satisfies Record<keyof ExcursionAllowance, readonly [string, string]>;

export const TEST_SUBJECTS = {
  donation: 'Mandatory tests of each donation',
  pool: 'of each pool',
  lot: 'of each lot',
} as const satisfies Record<keyof MandatoryTests, string>;

export const FAILED_RETEST = {
  reject: 'rejects the bag',
  hold: 'holds the bag pending investigation',
} as const satisfies Record<FailedRetestOutcome, string>;

/** The rules as the form holds them while they are typed. */
export interface RulesForm {
  readonly numbers: Readonly<Record<NumberRule, string>>;
  readonly allowance: Readonly<Record<keyof ExcursionAllowance, string>>;
  /** Analytes, one list per subject, separated by commas. */
  readonly tests: Readonly<Record<keyof MandatoryTests, string>>;
  readonly laterNegativeFromAnyStation: boolean;
  readonly failedRetest: FailedRetestOutcome;
}

const mapValues = <K extends string, A, B>(record: Readonly<Record<K, A>>, f: (value: A, key: K) => B): Record<K, B> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value as A, key as K)])) as Record<K, B>;

/** A rule set as the form starts from: every rule as it stands. */
export function formOf(ruleSet: RuleSet): RulesForm {
  return {
    numbers: mapValues(NUMBER_RULES, (_, rule) => String(ruleSet[rule])),
    allowance: mapValues(ALLOWANCE_RULES, (_, rule) => String(ruleSet.excursionAllowance[rule])),
    tests: mapValues(TEST_SUBJECTS, (_, subject) => ruleSet.mandatoryTests[subject].join(', ')),
    laterNegativeFromAnyStation: ruleSet.laterNegativeFromAnyStation,
    failedRetest: ruleSet.failedRetest as FailedRetestOutcome,
  };
}

/** A number typed, or NaN when it is none (the form names the field; the ledger checks each rule's range). */
export const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** The first rule of the form that holds no number, if any. */
export function notANumber(form: RulesForm): string | undefined {
  return [...Object.entries(form.numbers), ...Object.entries(form.allowance)].find(([, text]) => Number.isNaN(numberOf(text)))?.[0];
}

/** The rules the form holds, in full, as a change sends them. */
export function rulesOf(form: RulesForm): RulesInput & Rules {
  const n = mapValues(form.numbers, numberOf);
  return {
    holdDays: n.holdDays,
    clockToleranceMinutes: n.clockToleranceMinutes,
    lateEntryHours: n.lateEntryHours,
    donationIntervalDays: n.donationIntervalDays,
    laterNegativeFromAnyStation: form.laterNegativeFromAnyStation,
    failedRetest: form.failedRetest,
    storageLimitC: n.storageLimitC,
    excursionAllowance: mapValues(form.allowance, numberOf),
    lookBackWindowDays: n.lookBackWindowDays,
    mandatoryTests: mapValues(form.tests, (text) =>
      text
        .split(',')
        .map((analyte) => analyte.trim())
        .filter((analyte) => analyte !== ''),
    ),
  };
}
