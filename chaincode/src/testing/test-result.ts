// A laboratory result about a donation (factory re-test), a pool (NAT) or a lot (QC, lot-release lab): what was
// measured, how, against which specification, with what conclusion, by whom, and the hash of the raw data.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { NotFoundError, ValidationError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readKeysByPartialKey, readState, writeState } from '../ledger/state';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  BOOLEAN_RULE,
  IDENTIFIER_RULE,
  numberBetween,
  OBJECT_RULE,
  oneOf,
  readObject,
  SHA256_HEX_RULE,
  text,
  withoutUndefined,
} from '../validation';

export const SUBJECT_KINDS = ['donation', 'pool', 'lot'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface Investigation {
  readonly status: 'open' | 'confirmed' | 'invalidated';
  readonly rootCause?: string;
  readonly capa?: string;
  readonly closedAt?: string;
}

export interface TestResult {
  readonly resultId: string;
  readonly subject: { readonly kind: SubjectKind; readonly id: string };
  readonly analyte: string;
  readonly method: string;
  /** As reported, e.g. "non-reactive", "< 10^4 IU/mL", "99.1 %". */
  readonly result: string;
  readonly value?: number;
  readonly unit?: string;
  readonly specification: string;
  readonly conclusion: 'pass' | 'fail';
  /** Out of specification: every fail is; an out-of-trend pass may be flagged too. Opens an investigation. */
  readonly oos: boolean;
  readonly lab: string;
  readonly analyst: string;
  /** The organisation whose laboratory reported the result. */
  readonly organisation: string;
  readonly instrument: string;
  readonly rawDataHash: string;
  readonly testedAt: string;
  readonly investigation?: Investigation;
  readonly lastChange: ChangeStamp;
}

export const ANALYTE_RULE = text(40);
/** What TestResult:RecordTestResult takes; the result id, analyst and organisation come from the transaction. */
export const TEST_RESULT_INPUT_FIELDS = [
  'subject',
  'analyte',
  'method',
  'result',
  'value',
  'unit',
  'specification',
  'conclusion',
  'oos',
  'lab',
  'instrument',
  'rawDataHash',
  'testedAt',
];
/** What TestResult:CloseOosInvestigation takes. */
export const OOS_CLOSURE_INPUT_FIELDS = ['outcome', 'rootCause', 'capa'];
export const TEST_SUBJECT_FIELDS = ['kind', 'id'];
export const INVESTIGATION_FIELDS = ['status', 'rootCause', 'capa', 'closedAt'];
export const TEST_RESULT_FIELDS = [
  'resultId',
  'subject',
  'analyte',
  'method',
  'result',
  'value',
  'unit',
  'specification',
  'conclusion',
  'oos',
  'lab',
  'analyst',
  'organisation',
  'instrument',
  'rawDataHash',
  'testedAt',
  'investigation',
  'lastChange',
];

export function newTestResult(value: unknown): TestResult {
  const f = readObject(value, 'testResult', TEST_RESULT_FIELDS);
  const subject = readObject(f.required('subject', OBJECT_RULE), f.path('subject'), TEST_SUBJECT_FIELDS);
  const investigation = f.optional('investigation', OBJECT_RULE);
  const result: TestResult = withoutUndefined({
    resultId: f.required('resultId', IDENTIFIER_RULE),
    subject: { kind: subject.required('kind', oneOf(SUBJECT_KINDS)), id: subject.required('id', IDENTIFIER_RULE) },
    analyte: f.required('analyte', ANALYTE_RULE),
    method: f.required('method', text(128)),
    result: f.required('result', text(128)),
    value: f.optional('value', numberBetween(-1e12, 1e12, 'units')),
    unit: f.optional('unit', text(32)),
    specification: f.required('specification', text(256)),
    conclusion: f.required('conclusion', oneOf(['pass', 'fail'] as const)),
    oos: f.required('oos', BOOLEAN_RULE),
    lab: f.required('lab', text(128)),
    analyst: f.required('analyst', text(256)),
    organisation: f.required('organisation', MSP_ID_RULE),
    instrument: f.required('instrument', text(128)),
    rawDataHash: f.required('rawDataHash', SHA256_HEX_RULE),
    testedAt: f.required('testedAt', ISO_INSTANT_RULE),
    investigation:
      investigation === undefined
        ? undefined
        : (() => {
            const i = readObject(investigation, f.path('investigation'), INVESTIGATION_FIELDS);
            return withoutUndefined({
              status: i.required('status', oneOf(['open', 'confirmed', 'invalidated'] as const)),
              rootCause: i.optional('rootCause', REASON_RULE),
              capa: i.optional('capa', REASON_RULE),
              closedAt: i.optional('closedAt', ISO_INSTANT_RULE),
            });
          })(),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
  if (result.conclusion === 'fail' && !result.oos) {
    throw new ValidationError('oos', 'must be true when the conclusion is fail: a failing result is out of specification');
  }
  if (result.oos !== (result.investigation !== undefined)) {
    throw new ValidationError('investigation', 'is kept exactly for out-of-specification results');
  }
  return result;
}

const RESULT = 'test-result'; // test-result + resultId → TestResult
const BY_SUBJECT = 'result-by-subject'; // result-by-subject + kind + id + resultId → {}

export const testResultKey = (ctx: Context, resultId: string): string => compositeKey(ctx, RESULT, [resultId]);

export async function putTestResult(ctx: Context, result: TestResult, isNew: boolean): Promise<void> {
  await writeState(ctx, testResultKey(ctx, result.resultId), result);
  if (isNew) {
    await writeState(ctx, compositeKey(ctx, BY_SUBJECT, [result.subject.kind, result.subject.id, result.resultId]), {});
  }
}

export async function getTestResult(ctx: Context, resultId: string): Promise<TestResult> {
  const state = await readState(ctx, testResultKey(ctx, resultId));
  if (state === undefined) {
    throw new NotFoundError(`test result ${resultId} is not recorded`);
  }
  return newTestResult(state);
}

/**
 * Every result about one subject, through the subject index. The index is a pointer any two members can write: an
 * entry counts only if its result exists and is about this subject.
 */
export async function resultsOf(ctx: Context, kind: SubjectKind, id: string): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const [, , resultId = ''] of await readKeysByPartialKey(ctx, BY_SUBJECT, [kind, id])) {
    const state = await readState(ctx, testResultKey(ctx, resultId));
    const result = state === undefined ? undefined : newTestResult(state);
    if (result?.subject.kind === kind && result.subject.id === id) results.push(result);
  }
  return results;
}
