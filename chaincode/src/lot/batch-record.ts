// The electronic batch record (EBR) of a lot: process steps chained by hash, and deviations with their CAPA.
import type { Context } from 'fabric-contract-api';
import { NotFoundError, ValidationError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { canonicalDigest } from '../ledger/digest';
import { compositeKey } from '../ledger/keys';
import { readByPartialKey, readState, writeState } from '../ledger/state';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  IDENTIFIER_RULE,
  integerBetween,
  OBJECT_RULE,
  oneOf,
  readList,
  readObject,
  SHA256_HEX_RULE,
  text,
  withoutUndefined,
} from '../validation';
import { LOT_ID_RULE } from './lot';
import {
  FINITE_NUMBER_RULE,
  MAX_CRITICAL_PARAMETERS,
  PARAMETER_NAME_RULE,
  readMasterRecordRef,
  type MasterRecordRef,
} from './master-batch-record';

export const GENESIS_DIGEST = '0'.repeat(64);

export interface ProcessStep {
  readonly lotId: string;
  readonly seq: number;
  /** e.g. "Cohn fraction V precipitation". */
  readonly step: string;
  /** SHA-256 of the step's parameter data (critical process parameters, as exported from the MES/SCADA). */
  readonly parameterDataHash: string;
  readonly equipment: string;
  readonly operator: string;
  readonly start: string;
  readonly end: string;
  /**
   * The critical parameters' values, by name: checked against the master batch record when the product has one (then
   * exactly its step's parameters), kept unchecked when it has none.
   */
  readonly parameters?: Readonly<Record<string, number>>;
  /** The master batch record version the step was checked against. */
  readonly masterRecord?: MasterRecordRef;
  /** Parameters whose value lay outside the master record's range: each raised a major deviation `S<seq>-<name>`. */
  readonly outOfRange?: readonly string[];
  /** Hash chain: digest of this step's content and the previous digest. */
  readonly previousDigest: string;
  readonly digest: string;
  readonly lastChange: ChangeStamp;
}

/** What Lot:RecordProcessStep takes; the lot, sequence, operator and digests come from the ledger and the caller. */
export const PROCESS_STEP_INPUT_FIELDS = ['step', 'parameterDataHash', 'equipment', 'start', 'end', 'parameters'];
export const PROCESS_STEP_FIELDS = [
  'lotId',
  'seq',
  'step',
  'parameterDataHash',
  'equipment',
  'operator',
  'start',
  'end',
  'parameters',
  'masterRecord',
  'outOfRange',
  'previousDigest',
  'digest',
  'lastChange',
];

/**
 * A step's parameter values: a JSON object of at most 20 parameter names, each a finite number. Read key by key as own
 * properties, so no name reaches an inherited one (`constructor`) and none is taken twice.
 */
export function readParameterValues(value: unknown, name: string): Record<string, number> {
  if (!OBJECT_RULE.test(value)) throw new ValidationError(name, OBJECT_RULE.text);
  const entries: [string, unknown][] = Object.entries(value);
  if (entries.length > MAX_CRITICAL_PARAMETERS) {
    throw new ValidationError(name, `must hold at most ${MAX_CRITICAL_PARAMETERS} parameters; it holds ${entries.length}`);
  }
  for (const [key, given] of entries) {
    if (!PARAMETER_NAME_RULE.test(key))
      throw new ValidationError(name, `names ${JSON.stringify(String(key).slice(0, 40))}: a key ${PARAMETER_NAME_RULE.text}`);
    if (!FINITE_NUMBER_RULE.test(given)) throw new ValidationError(`${name}.${key}`, FINITE_NUMBER_RULE.text);
  }
  return Object.fromEntries(entries) as Record<string, number>;
}

export function newProcessStep(value: unknown): ProcessStep {
  const f = readObject(value, 'processStep', PROCESS_STEP_FIELDS);
  const parameters = f.optional('parameters', ANY_RULE);
  const masterRecord = f.optional('masterRecord', ANY_RULE);
  const outOfRange = f.optional('outOfRange', ANY_RULE);
  const step: ProcessStep = withoutUndefined({
    lotId: f.required('lotId', LOT_ID_RULE),
    seq: f.required('seq', integerBetween(1, 100_000, 'steps')),
    step: f.required('step', text(128)),
    parameterDataHash: f.required('parameterDataHash', SHA256_HEX_RULE),
    equipment: f.required('equipment', text(128)),
    operator: f.required('operator', text(256)),
    start: f.required('start', ISO_INSTANT_RULE),
    end: f.required('end', ISO_INSTANT_RULE),
    parameters: parameters === undefined ? undefined : readParameterValues(parameters, f.path('parameters')),
    masterRecord: masterRecord === undefined ? undefined : readMasterRecordRef(masterRecord, f.path('masterRecord')),
    outOfRange:
      outOfRange === undefined
        ? undefined
        : readList(outOfRange, f.path('outOfRange'), PARAMETER_NAME_RULE, { max: MAX_CRITICAL_PARAMETERS, unique: true }),
    previousDigest: f.required('previousDigest', SHA256_HEX_RULE),
    digest: f.required('digest', SHA256_HEX_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
  if (Date.parse(step.end) < Date.parse(step.start)) {
    throw new ValidationError('processStep.end', 'must not be before start');
  }
  // A step checked against a master record carries its values and what was out of range; an unchecked one neither verdict.
  if (
    (step.masterRecord === undefined) !== (step.outOfRange === undefined) ||
    (step.masterRecord !== undefined && step.parameters === undefined)
  ) {
    throw new ValidationError(
      'processStep.masterRecord',
      'comes with parameters and outOfRange, exactly when the step was checked against it',
    );
  }
  const unmeasured = step.outOfRange?.find((name) => step.parameters?.[name] === undefined);
  if (unmeasured !== undefined) {
    throw new ValidationError('processStep.outOfRange', `names ${unmeasured}, which the step has no value of`);
  }
  if (step.digest !== stepDigest(step)) {
    throw new ValidationError('processStep.digest', 'must chain the step content to the previous digest');
  }
  return step;
}

/**
 * The chained digest: what a verifier recomputes step by step from GENESIS_DIGEST to the lot's ebrDigest. It covers
 * the parameter values, the master record and the out-of-range verdict when the step has them; a step without them
 * digests as it always did (an absent field is not in the canonical JSON).
 */
export function stepDigest(step: Omit<ProcessStep, 'digest' | 'lastChange'>): string {
  const content: Readonly<Record<string, unknown>> = step;
  return canonicalDigest(withoutUndefined(Object.fromEntries(DIGESTED_FIELDS.map((field) => [field, content[field]]))));
}

/** Every field of a step but its own digest and its audit stamp, from the one field list. */
const DIGESTED_FIELDS = PROCESS_STEP_FIELDS.filter((field) => field !== 'digest' && field !== 'lastChange');

export const stepKey = (ctx: Context, lotId: string, seq: number): string =>
  compositeKey(ctx, 'lot-step', [lotId, String(seq).padStart(6, '0')]);

export const putProcessStep = (ctx: Context, step: ProcessStep): Promise<void> => writeState(ctx, stepKey(ctx, step.lotId, step.seq), step);

export async function listProcessSteps(ctx: Context, lotId: string): Promise<ProcessStep[]> {
  return (await readByPartialKey(ctx, 'lot-step', [lotId])).map(newProcessStep);
}

/**
 * The last step of a lot's batch record that was checked against a master batch record (usually its last step), or
 * undefined when none was: the lot's next step is checked against the version it met, and may not come before it.
 */
export async function lastCheckedStep(ctx: Context, lotId: string, stepCount: number): Promise<ProcessStep | undefined> {
  for (let seq = stepCount; seq >= 1; seq -= 1) {
    const state = await readState(ctx, stepKey(ctx, lotId, seq));
    if (state === undefined) continue;
    const step = newProcessStep(state);
    if (step.masterRecord !== undefined) return step;
  }
  return undefined;
}

/** The id of the deviation a step's out-of-range value raises: `S<seq, 6 digits>-<parameter>`, e.g. S000003-temperature. */
export const outOfRangeDeviationId = (seq: number, parameter: string): string => `S${String(seq).padStart(6, '0')}-${parameter}`;

/** Ids of that form are the ledger's own: RaiseDeviation refuses them, so no one takes one before the step that raises it. */
export const isOutOfRangeDeviationId = (deviationId: string): boolean => /^S\d{6}-/.test(deviationId);

export const DEVIATION_CLASSES = ['minor', 'major', 'critical'] as const;

export interface Capa {
  readonly rootCause: string;
  readonly correctiveAction: string;
  readonly preventiveAction: string;
  readonly closedAt: string;
}

export interface Deviation {
  readonly lotId: string;
  readonly deviationId: string;
  readonly description: string;
  readonly classification: (typeof DEVIATION_CLASSES)[number];
  readonly status: 'open' | 'closed';
  readonly raisedAt: string;
  readonly capa?: Capa;
  readonly lastChange: ChangeStamp;
}

/** What Lot:RaiseDeviation takes. */
export const DEVIATION_INPUT_FIELDS = ['deviationId', 'description', 'classification'];
export const DEVIATION_FIELDS = ['lotId', 'deviationId', 'description', 'classification', 'status', 'raisedAt', 'capa', 'lastChange'];

export function newDeviation(value: unknown): Deviation {
  const f = readObject(value, 'deviation', DEVIATION_FIELDS);
  const capa = f.optional('capa', OBJECT_RULE);
  const deviation: Deviation = withoutUndefined({
    lotId: f.required('lotId', LOT_ID_RULE),
    deviationId: f.required('deviationId', IDENTIFIER_RULE),
    description: f.required('description', REASON_RULE),
    classification: f.required('classification', oneOf(DEVIATION_CLASSES)),
    status: f.required('status', oneOf(['open', 'closed'] as const)),
    raisedAt: f.required('raisedAt', ISO_INSTANT_RULE),
    capa: capa === undefined ? undefined : readCapa(capa),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
  if ((deviation.status === 'closed') !== (deviation.capa !== undefined)) {
    throw new ValidationError('deviation.capa', 'is recorded exactly when the deviation is closed');
  }
  return deviation;
}

/** What Lot:CloseDeviation takes; the closing time is the transaction's. */
export const CAPA_INPUT_FIELDS = ['rootCause', 'correctiveAction', 'preventiveAction'];
export const CAPA_FIELDS = [...CAPA_INPUT_FIELDS, 'closedAt'];

function readCapa(value: unknown): Capa {
  const f = readObject(value, 'deviation.capa', CAPA_FIELDS);
  return {
    rootCause: f.required('rootCause', REASON_RULE),
    correctiveAction: f.required('correctiveAction', REASON_RULE),
    preventiveAction: f.required('preventiveAction', REASON_RULE),
    closedAt: f.required('closedAt', ISO_INSTANT_RULE),
  };
}

export const deviationKey = (ctx: Context, lotId: string, deviationId: string): string =>
  compositeKey(ctx, 'deviation', [lotId, deviationId]);

export async function findDeviation(ctx: Context, lotId: string, deviationId: string): Promise<Deviation | undefined> {
  const state = await readState(ctx, deviationKey(ctx, lotId, deviationId));
  return state === undefined ? undefined : newDeviation(state);
}

export async function getDeviation(ctx: Context, lotId: string, deviationId: string): Promise<Deviation> {
  const deviation = await findDeviation(ctx, lotId, deviationId);
  if (deviation === undefined) {
    throw new NotFoundError(`lot ${lotId} has no deviation ${deviationId}`);
  }
  return deviation;
}

export const putDeviation = (ctx: Context, deviation: Deviation): Promise<void> =>
  writeState(ctx, deviationKey(ctx, deviation.lotId, deviation.deviationId), deviation);

export async function listDeviations(ctx: Context, lotId: string): Promise<Deviation[]> {
  return (await readByPartialKey(ctx, 'deviation', [lotId])).map(newDeviation);
}
