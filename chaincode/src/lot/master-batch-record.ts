// A product's master batch record (MBR): the steps of its manufacture in the order they are done, and each step's
// critical process parameters with the range they must stay in. Defined and versioned by the factory's QA
// (Lot:DefineMasterBatchRecord); each lot's batch-record step is checked against the version in force when it is recorded,
// and names that version, which stays readable under its own key.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { NotFoundError, ValidationError } from '../errors';
import { CN_PRODUCT_CODE_RULE } from '../identifiers/drug-trace-code';
import { GTIN_RULE } from '../identifiers/gs1';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readState } from '../ledger/state';
import type { Rule } from '../rule';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, integerBetween, matching, OBJECT_RULE, parseJson, readList, readObject, text } from '../validation';

export const MAX_MASTER_STEPS = 50;
export const MAX_CRITICAL_PARAMETERS = 20;
const VERSION_RULE = integerBetween(1, 999_999, 'versions');

/** A product as a master batch record names it: its GTIN-14, or its 7-digit Chinese product code (productCodeOf). */
export const PRODUCT_CODE_RULE: Rule<string> = {
  text: 'must be a product code: a GTIN-14 with its check digit, or the 7-digit product identification code of the drug traceability code',
  test: (value): value is string => GTIN_RULE.test(value) || CN_PRODUCT_CODE_RULE.test(value),
};

/**
 * A critical parameter's name: also the key a step's value is given under and part of the id of the deviation an
 * out-of-range value raises (`S000003-temperature`, within the identifier rule's 40 characters), so identifier-like.
 */
export const PARAMETER_NAME_RULE = matching(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
  'must be a parameter name: 1 to 32 of A-Z a-z 0-9 . _ -, starting with a letter or digit',
);

/** A measured value or a range's bound: a finite JSON number (JSON.parse turns 1e999 into Infinity; it is refused). */
export const FINITE_NUMBER_RULE: Rule<number> = {
  text: 'must be a finite number',
  test: (value): value is number => typeof value === 'number' && Number.isFinite(value),
};

export interface CriticalParameter {
  readonly name: string;
  /** e.g. °C, %, pH, bar, min. */
  readonly unit: string;
  /** The range a value must stay in, bounds included. */
  readonly min: number;
  readonly max: number;
}

export interface MasterStep {
  /** The step's name, as each lot's batch record names it when it is done. */
  readonly step: string;
  readonly parameters: readonly CriticalParameter[];
}

export interface MasterBatchRecord {
  readonly productCode: string;
  readonly productName: string;
  /** MSP ID of the factory whose QA defined it: no other member changes it. */
  readonly factory: string;
  readonly version: number;
  /** In the order they are done. */
  readonly steps: readonly MasterStep[];
  /** Why this version: the change control's reason. */
  readonly reason: string;
  /** The transaction time of this version. */
  readonly definedAt: string;
  readonly lastChange: ChangeStamp;
}

/** What Lot:DefineMasterBatchRecord takes: the version it was made from (0 for the first), the product's name, its steps in full, why. */
export interface MasterBatchRecordChange {
  readonly fromVersion: number;
  readonly productName: string;
  readonly steps: readonly MasterStep[];
  readonly reason: string;
}

/** Which master batch record a process step was checked against. */
export interface MasterRecordRef {
  readonly productCode: string;
  readonly version: number;
}

export const CRITICAL_PARAMETER_FIELDS = ['name', 'unit', 'min', 'max'] as const satisfies readonly (keyof CriticalParameter)[];
export const MASTER_STEP_FIELDS = ['step', 'parameters'] as const satisfies readonly (keyof MasterStep)[];
export const MASTER_BATCH_RECORD_FIELDS = [
  'productCode',
  'productName',
  'factory',
  'version',
  'steps',
  'reason',
  'definedAt',
  'lastChange',
] as const satisfies readonly (keyof MasterBatchRecord)[];
export const MASTER_BATCH_RECORD_CHANGE_INPUT_FIELDS = [
  'fromVersion',
  'productName',
  'steps',
  'reason',
] as const satisfies readonly (keyof MasterBatchRecordChange)[];
export const MASTER_RECORD_REF_FIELDS = ['productCode', 'version'] as const satisfies readonly (keyof MasterRecordRef)[];

function readCriticalParameter(value: unknown, name: string): CriticalParameter {
  const f = readObject(value, name, CRITICAL_PARAMETER_FIELDS);
  const parameter: CriticalParameter = {
    name: f.required('name', PARAMETER_NAME_RULE),
    unit: f.required('unit', text(16)),
    min: f.required('min', FINITE_NUMBER_RULE),
    max: f.required('max', FINITE_NUMBER_RULE),
  };
  if (parameter.max < parameter.min) {
    throw new ValidationError(f.path('max'), `must not be below min (${parameter.min})`);
  }
  return parameter;
}

function readMasterStep(value: unknown, name: string): MasterStep {
  const f = readObject(value, name, MASTER_STEP_FIELDS);
  const parameters = readList(f.required('parameters', ANY_RULE), f.path('parameters'), OBJECT_RULE, { max: MAX_CRITICAL_PARAMETERS }).map(
    (parameter, index) => readCriticalParameter(parameter, `${f.path('parameters')}[${index}]`),
  );
  const seen = new Set<string>();
  parameters.forEach(({ name: parameterName }, index) => {
    if (seen.has(parameterName)) {
      throw new ValidationError(
        `${f.path('parameters')}[${index}].name`,
        `repeats ${parameterName}; each parameter of a step is named once`,
      );
    }
    seen.add(parameterName);
  });
  return { step: f.required('step', text(128)), parameters };
}

/** A master batch record's steps: 1 to 50, each named once, in the order they are done. */
function readMasterSteps(value: unknown, name: string): MasterStep[] {
  const steps = readList(value, name, OBJECT_RULE, { min: 1, max: MAX_MASTER_STEPS }).map((step, index) =>
    readMasterStep(step, `${name}[${index}]`),
  );
  const seen = new Set<string>();
  steps.forEach(({ step }, index) => {
    if (seen.has(step)) throw new ValidationError(`${name}[${index}].step`, `repeats ${step}; each step is named once`);
    seen.add(step);
  });
  return steps;
}

export function newMasterBatchRecord(value: unknown): MasterBatchRecord {
  const f = readObject(value, 'masterBatchRecord', MASTER_BATCH_RECORD_FIELDS);
  return {
    productCode: f.required('productCode', PRODUCT_CODE_RULE),
    productName: f.required('productName', text(128)),
    factory: f.required('factory', MSP_ID_RULE),
    version: f.required('version', VERSION_RULE),
    steps: readMasterSteps(f.required('steps', ANY_RULE), f.path('steps')),
    reason: f.required('reason', REASON_RULE),
    definedAt: f.required('definedAt', ISO_INSTANT_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  };
}

export function readMasterBatchRecordChange(changeJson: string): MasterBatchRecordChange {
  const f = readObject(parseJson(changeJson, 'change'), 'change', MASTER_BATCH_RECORD_CHANGE_INPUT_FIELDS);
  return {
    fromVersion: f.required('fromVersion', integerBetween(0, 999_998, 'versions (0 for the first)')),
    productName: f.required('productName', text(128)),
    steps: readMasterSteps(f.required('steps', ANY_RULE), f.path('steps')),
    reason: f.required('reason', REASON_RULE),
  };
}

export function readMasterRecordRef(value: unknown, name: string): MasterRecordRef {
  const f = readObject(value, name, MASTER_RECORD_REF_FIELDS);
  return { productCode: f.required('productCode', PRODUCT_CODE_RULE), version: f.required('version', VERSION_RULE) };
}

/** The version in force of a product's record. */
export const masterBatchRecordKey = (ctx: Context, productCode: string): string => compositeKey(ctx, 'master-batch-record', [productCode]);

/** Every version, kept for ever: what a step checked against version n was checked against. */
export const masterBatchRecordVersionKey = (ctx: Context, productCode: string, version: number): string =>
  compositeKey(ctx, 'master-batch-record-version', [productCode, String(version).padStart(6, '0')]);

/** The version in force of `productCode`'s master batch record, or undefined when it has none. */
export async function findMasterBatchRecord(ctx: Context, productCode: string): Promise<MasterBatchRecord | undefined> {
  const state = await readState(ctx, masterBatchRecordKey(ctx, productCode));
  return state === undefined ? undefined : newMasterBatchRecord(state);
}

/** Version `version` of `productCode`'s master batch record (the one in force when undefined); NOT_FOUND when none. */
export async function getMasterBatchRecord(ctx: Context, productCode: string, version?: number): Promise<MasterBatchRecord> {
  const state = await readState(
    ctx,
    version === undefined ? masterBatchRecordKey(ctx, productCode) : masterBatchRecordVersionKey(ctx, productCode, version),
  );
  if (state === undefined) {
    throw new NotFoundError(
      version === undefined
        ? `product ${productCode} has no master batch record`
        : `product ${productCode} has no master batch record version ${version}`,
    );
  }
  return newMasterBatchRecord(state);
}

/** What checking a step's values against its master step found. */
export interface MasterCheck {
  readonly masterRecord: MasterRecordRef;
  readonly parameters: Readonly<Record<string, number>>;
  /** The parameters whose value lies outside their range, in the master step's order. */
  readonly outOfRange: readonly CriticalParameter[];
}

/**
 * Checks a step about to be recorded against `master`: the step is one of its steps and not one before `lastStep`, the
 * last master step recorded on the lot (doing the same step again, as rework, is allowed); its values are given for
 * every critical parameter of that step and for no other. Values out of range are not refused (the step happened): they
 * are returned, each to raise a deviation.
 */
export function checkAgainstMaster(
  master: MasterBatchRecord,
  step: string,
  values: Readonly<Record<string, number>>,
  lastStep: string | undefined,
): MasterCheck {
  const names = master.steps.map(({ step: name }) => name);
  const index = names.indexOf(step);
  const of = `master batch record ${master.productCode} version ${master.version}`;
  if (index < 0) {
    throw new ValidationError('processStep.step', `must be a step of ${of}: ${names.join(', ')}`);
  }
  const lastIndex = lastStep === undefined ? -1 : names.indexOf(lastStep);
  if (index < lastIndex) {
    throw new ValidationError(
      'processStep.step',
      `must not come before ${lastStep}, the last step of ${of} recorded on this lot: one of ${names.slice(lastIndex).join(', ')}`,
    );
  }
  const masterStep = master.steps[index]!;
  for (const { name, unit, min, max } of masterStep.parameters) {
    if (!Object.hasOwn(values, name)) {
      throw new ValidationError(
        `processStep.parameters.${name}`,
        `is required: a critical parameter of ${step} in ${of} (${min} to ${max} ${unit})`,
      );
    }
  }
  const known = masterStep.parameters.map(({ name }) => name);
  const unknown = Object.keys(values).find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new ValidationError(
      `processStep.parameters.${unknown}`,
      `is not a critical parameter of ${step} in ${of} (${known.length === 0 ? 'it has none' : `its parameters: ${known.join(', ')}`})`,
    );
  }
  return {
    masterRecord: { productCode: master.productCode, version: master.version },
    parameters: values,
    outOfRange: masterStep.parameters.filter(({ name, min, max }) => values[name]! < min || values[name]! > max),
  };
}
