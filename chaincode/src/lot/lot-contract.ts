// The Lot contract: a lot made from closed pools whose NAT passed; its electronic batch record, deviations and CAPA;
// QA release with two electronic signatures (QA reviewer and QP); regulator lot release; holds and recall.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerCommonName, callerMspId } from '../access/identity';
import { jurisdictionOf } from '../consortium/organisation';
import { getOrganisation, regulatorIds } from '../consortium/registry';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { normaliseDinKey } from '../identifiers/din';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_INPUT_FIELDS, REASON_RULE } from '../ledger/change';
import { emitEvent, having, type EventName, type EventPayloads } from '../ledger/events';
import { readState, writeState } from '../ledger/state';
import { getPool } from '../pool/pool';
import { JURISDICTION_RULE } from '../rules/jurisdiction';
import { getRuleSet } from '../rules/rule-set';
import { QA_RELEASE_SIGNER_ROLE, REGULATOR_SIGNER_ROLE } from '../access/roles';
import {
  acceptSignature,
  assertDifferentSigners,
  newElectronicSignature,
  recordDigest,
  recordSignatureUse,
  verifySignature,
  type ElectronicSignature,
  type SignatureMeaning,
  type SignatureRequirement,
} from '../signatures/electronic-signature';
import { assessResults, describeAssessment } from '../testing/assessment';
import { resultsOf } from '../testing/test-result';
import { assertNotAhead } from '../access/endorsement-time';
import { ownedBy } from '../consortium/ownership';
import { ISO_INSTANT_RULE, transactionTime } from '../time';
import {
  ANY_RULE,
  ARRAY_RULE,
  IDENTIFIER_RULE,
  OBJECT_RULE,
  oneOf,
  parseJson,
  readList,
  readObject,
  SHA256_HEX_RULE,
  text,
  withoutUndefined,
} from '../validation';
import {
  CAPA_INPUT_FIELDS,
  DEVIATION_CLASSES,
  DEVIATION_INPUT_FIELDS,
  deviationKey,
  findDeviation,
  GENESIS_DIGEST,
  getDeviation,
  isOutOfRangeDeviationId,
  lastCheckedStep,
  listDeviations,
  listProcessSteps,
  newDeviation,
  newProcessStep,
  outOfRangeDeviationId,
  PROCESS_STEP_INPUT_FIELDS,
  putDeviation,
  putProcessStep,
  readParameterValues,
  stepDigest,
  stepKey,
  type Deviation,
  type ProcessStep,
} from './batch-record';
import {
  checkAgainstMaster,
  findMasterBatchRecord,
  getMasterBatchRecord,
  masterBatchRecordKey,
  masterBatchRecordVersionKey,
  newMasterBatchRecord,
  PRODUCT_CODE_RULE,
  readMasterBatchRecordChange,
  type MasterBatchRecord,
  type MasterCheck,
} from './master-batch-record';
import {
  getLot,
  linkLotToPools,
  LOT_ID_RULE,
  LOT_INPUT_FIELDS,
  lotKey,
  MAX_LOT_POOLS,
  newLot,
  PRODUCT_FIELDS,
  productCodeOf,
  putLot,
  readProduct,
  withHold,
  withoutHold,
  type Lot,
} from './lot';
import { advanceLot, assertLotStep } from './life-cycle';
import { assertReadyForQaRelease, qaReleaseRecord, regulatorReleaseRecord } from './release';
import { awaitRegulatorRelease, recordRegulatorRelease } from './regulator-release';
import { assertNothingStandsAgainst, liftHoldOfOthers, recordHoldOfOthers } from './standing-against';
import { getLookBackCase, isClearedByRegulator } from '../lookback/look-back-case';

const readReason = (json: string, name: string): string =>
  readObject(parseJson(json, name), name, REASON_INPUT_FIELDS).required('reason', REASON_RULE);

/** The lot's factory acts on it; a regulator may too (holds, recall, release). */
async function assertLotActor(ctx: Context, lot: Lot): Promise<void> {
  const caller = await getOrganisation(ctx, callerMspId(ctx));
  if (caller.kind !== 'regulator' && caller.mspId !== lot.factory) {
    throw new ForbiddenError(`lot ${lot.lotId} belongs to ${lot.factory}; ${caller.mspId} may not change it`);
  }
}

const lotEvent = <N extends EventName>(ctx: Context, name: N, lot: Lot, data: EventPayloads[N]): void =>
  emitEvent(ctx, name, lot.lotId, data, [{ type: 'lot', id: lot.lotId }]);

/**
 * A new open deviation of `lot`, and the lot with it among its open deviations: the one rule for raising a deviation,
 * whether by Lot:RaiseDeviation or by a process step out of its master batch record's range. Reads and checks only;
 * `writeDeviation` writes it once every check of the transaction has passed.
 */
async function openDeviation(
  ctx: Context,
  lot: Lot,
  { deviationId, description, classification }: Pick<Deviation, 'deviationId' | 'description' | 'classification'>,
): Promise<{ deviation: Deviation; lot: Lot }> {
  if ((await findDeviation(ctx, lot.lotId, deviationId)) !== undefined) {
    throw new ConflictError(`lot ${lot.lotId} already has deviation ${deviationId}`);
  }
  const deviation = newDeviation({
    lotId: lot.lotId,
    deviationId,
    description,
    classification,
    status: 'open',
    raisedAt: transactionTime(ctx),
    lastChange: changeStamp(ctx),
  });
  const next = advanceLot(
    lot,
    'raise-deviation',
    { openDeviations: [...lot.openDeviations, deviationId] },
    changeStamp(ctx, deviation.description),
  );
  return { deviation, lot: next };
}

async function writeDeviation(ctx: Context, lot: Lot, deviation: Deviation): Promise<void> {
  await putDeviation(ctx, deviation);
  await ownedBy(ctx, deviationKey(ctx, lot.lotId, deviation.deviationId), lot.factory);
}

/**
 * The master batch record a lot's next step is checked against: the version its first checked step met (`last`, the
 * last step checked, met the same), so a version made while the lot is in process governs only the lots begun after it
 * and no range can be widened for a step and narrowed again; for a lot with no checked step, the version in force for
 * its product when the lot's own factory holds it (another factory's record of the same code does not govern its lots).
 */
async function masterRecordOf(ctx: Context, lot: Lot, last: ProcessStep | undefined): Promise<MasterBatchRecord | undefined> {
  if (last?.masterRecord !== undefined) return getMasterBatchRecord(ctx, last.masterRecord.productCode, last.masterRecord.version);
  const master = await findMasterBatchRecord(ctx, productCodeOf(lot.product));
  return master?.factory === lot.factory ? master : undefined;
}

/** The deviation an out-of-range value raises: major, naming the value, the range, the master record and the step. */
function outOfRangeDeviation(check: MasterCheck, seq: number, step: string, name: string) {
  const { unit, min, max } = check.outOfRange.find((parameter) => parameter.name === name)!;
  const { productCode, version } = check.masterRecord;
  return {
    deviationId: outOfRangeDeviationId(seq, name),
    description:
      `${name} ${check.parameters[name]} ${unit} is outside its range ${min} to ${max} ${unit} in master batch record ` +
      `${productCode} version ${version}, step ${step} (batch record step ${seq})`,
    classification: 'major' as const,
  };
}

@Info({ title: 'Lot', description: 'Lots: batch record, deviations, QA release with two signatures, regulator release, holds, recall' })
export class LotContract extends AuthorisedContract {
  constructor() {
    super('Lot');
  }

  /**
   * Starts a lot: `lotJson` is `{ lotId, product: { name, gtin?, cnProductCode?, expiry }, pools: [poolDin...], jurisdiction? }`.
   * Every pool must be the caller's, closed, untouched by look-back, of the lot's jurisdiction, and have passed
   * every mandatory pool test (NAT) of that jurisdiction.
   */
  @Transaction()
  @Returns('string')
  async CreateLot(ctx: Context, lotJson: string): Promise<string> {
    const f = readObject(parseJson(lotJson, 'lot'), 'lot', LOT_INPUT_FIELDS);
    const lotId = f.required('lotId', LOT_ID_RULE);
    const product = readProduct(readObject(f.required('product', OBJECT_RULE), f.path('product'), PRODUCT_FIELDS));
    const poolDins = readList(f.required('pools', ARRAY_RULE), f.path('pools'), text(14), { min: 1, max: MAX_LOT_POOLS }).map((din) =>
      normaliseDinKey(din),
    );
    if (new Set(poolDins).size !== poolDins.length) {
      throw new ValidationError(f.path('pools'), 'must name each pool once');
    }
    const factory = await getOrganisation(ctx, callerMspId(ctx));
    const jurisdiction = f.optional('jurisdiction', JURISDICTION_RULE) ?? jurisdictionOf(factory);
    if ((await readState(ctx, lotKey(ctx, lotId))) !== undefined) {
      throw new ConflictError(`lot ${lotId} is already recorded`);
    }
    const { mandatoryTests } = await getRuleSet(ctx, jurisdiction);
    for (const poolDin of poolDins) {
      const pool = await getPool(ctx, poolDin);
      if (pool.factory !== factory.mspId) throw new ForbiddenError(`pool ${poolDin} belongs to ${pool.factory}`);
      if (pool.status !== 'closed') throw new ConflictError(`pool ${poolDin} is still open; close it first`);
      if (pool.lookBackCaseIds.length > 0) {
        throw new ConflictError(
          `pool ${poolDin} holds a donation interdicted by look-back ${pool.lookBackCaseIds.join(', ')}; it is not used`,
        );
      }
      if (pool.jurisdiction !== jurisdiction)
        throw new ConflictError(`pool ${poolDin} holds ${pool.jurisdiction} plasma; lot ${lotId} is ${jurisdiction}`);
      const assessment = assessResults(await resultsOf(ctx, 'pool', poolDin), mandatoryTests.pool);
      if (!assessment.passed) {
        throw new ConflictError(`pool ${poolDin} has not passed the ${jurisdiction} pool tests: ${describeAssessment(assessment)}`);
      }
    }
    const now = transactionTime(ctx);
    const lot = newLot({
      lotId,
      factory: factory.mspId,
      jurisdiction,
      product,
      pools: [...poolDins].sort(),
      status: 'in-process',
      holds: [],
      openDeviations: [],
      stepCount: 0,
      ebrDigest: GENESIS_DIGEST,
      unitCount: 0,
      createdAt: now,
      lastChange: changeStamp(ctx),
    });
    await putLot(ctx, lot);
    await ownedBy(ctx, lotKey(ctx, lot.lotId), lot.factory);
    await awaitRegulatorRelease(ctx, lot);
    await linkLotToPools(ctx, lot);
    lotEvent(ctx, 'LotCreated', lot, lot);
    return toCanonicalJson(lot);
  }

  /**
   * Adds a process step to the batch record: `stepJson` is `{ step, parameterDataHash, equipment, start, end,
   * parameters? }` (parameters: critical parameter name → number); the operator is the caller. Each step's digest chains
   * to the previous one; the lot keeps the last (ebrDigest). When the lot's factory holds a master batch record of the
   * lot's product (the version the lot's first checked step met), the step must be one of its steps, not one before the
   * last recorded, with a value for each of that
   * step's critical parameters and no other; each value out of its range raises a major deviation in the same
   * transaction. Without a master batch record, parameters are kept unchecked.
   */
  @Transaction()
  @Returns('string')
  async RecordProcessStep(ctx: Context, lotId: string, stepJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const f = readObject(parseJson(stepJson, 'processStep'), 'processStep', PROCESS_STEP_INPUT_FIELDS);
    await assertLotActor(ctx, lot);
    assertLotStep(lot, 'record-step');
    const end = f.required('end', ISO_INSTANT_RULE);
    await assertNotAhead(ctx, end, 'processStep.end');
    const name = f.required('step', text(128));
    const given = f.optional('parameters', ANY_RULE);
    const parameters = given === undefined ? undefined : readParameterValues(given, f.path('parameters'));
    const seq = lot.stepCount + 1;
    const last = await lastCheckedStep(ctx, lot.lotId, lot.stepCount);
    const master = await masterRecordOf(ctx, lot, last);
    const check = master === undefined ? undefined : checkAgainstMaster(master, name, parameters ?? {}, last?.step);
    const content = withoutUndefined({
      lotId: lot.lotId,
      seq,
      step: name,
      parameterDataHash: f.required('parameterDataHash', SHA256_HEX_RULE),
      equipment: f.required('equipment', text(128)),
      operator: callerCommonName(ctx),
      start: f.required('start', ISO_INSTANT_RULE),
      end,
      parameters: check?.parameters ?? parameters,
      masterRecord: check?.masterRecord,
      outOfRange: check?.outOfRange.map((parameter) => parameter.name),
      previousDigest: lot.ebrDigest,
    });
    const step = newProcessStep({ ...content, digest: stepDigest(content), lastChange: changeStamp(ctx) });
    // Each value out of range is a deviation, raised as RaiseDeviation raises one: QA release waits for its CAPA.
    let withDeviations = lot;
    const deviations: Deviation[] = [];
    for (const parameter of step.outOfRange ?? []) {
      const opened = await openDeviation(ctx, withDeviations, outOfRangeDeviation(check!, seq, name, parameter));
      deviations.push(opened.deviation);
      withDeviations = opened.lot;
    }
    const next = advanceLot(withDeviations, 'record-step', { stepCount: step.seq, ebrDigest: step.digest }, changeStamp(ctx));
    await putProcessStep(ctx, step);
    await ownedBy(ctx, stepKey(ctx, lot.lotId, step.seq), lot.factory);
    for (const deviation of deviations) await writeDeviation(ctx, lot, deviation);
    await putLot(ctx, next);
    lotEvent(ctx, 'ProcessStepRecorded', next, step);
    return toCanonicalJson(step);
  }

  /** Raises a deviation: `deviationJson` is `{ deviationId, description, classification: minor|major|critical }`. */
  @Transaction()
  @Returns('string')
  async RaiseDeviation(ctx: Context, lotId: string, deviationJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const f = readObject(parseJson(deviationJson, 'deviation'), 'deviation', DEVIATION_INPUT_FIELDS);
    const deviationId = f.required('deviationId', IDENTIFIER_RULE);
    if (isOutOfRangeDeviationId(deviationId)) {
      throw new ValidationError(
        f.path('deviationId'),
        'must not start with S, six digits and "-": such ids are raised by a process step out of its master batch record\'s range',
      );
    }
    await assertLotActor(ctx, lot);
    assertLotStep(lot, 'raise-deviation');
    const { deviation, lot: next } = await openDeviation(ctx, lot, {
      deviationId,
      description: f.required('description', REASON_RULE),
      classification: f.required('classification', oneOf(DEVIATION_CLASSES)),
    });
    await writeDeviation(ctx, lot, deviation);
    await putLot(ctx, next);
    lotEvent(ctx, 'DeviationRaised', next, deviation);
    return toCanonicalJson(deviation);
  }

  /**
   * Defines the next version of a product's master batch record: `productCode` is the product's GTIN-14 or, without
   * one, its 7-digit Chinese product code; `changeJson` is `{ fromVersion, productName, steps: [{ step, parameters:
   * [{ name, unit, min, max }] }], reason }`, fromVersion 0 for the first version. A change made from another version
   * than the one in force is refused (CONFLICT); the record is the defining factory's, no other member changes it.
   */
  @Transaction()
  @Returns('string')
  async DefineMasterBatchRecord(ctx: Context, productCode: string, changeJson: string): Promise<string> {
    if (!PRODUCT_CODE_RULE.test(productCode)) throw new ValidationError('productCode', PRODUCT_CODE_RULE.text);
    const change = readMasterBatchRecordChange(changeJson);
    const factory = await getOrganisation(ctx, callerMspId(ctx));
    const current = await findMasterBatchRecord(ctx, productCode);
    if (current !== undefined && current.factory !== factory.mspId) {
      throw new ForbiddenError(
        `the master batch record of product ${productCode} is ${current.factory}'s; ${factory.mspId} may not change it`,
      );
    }
    const inForce = current?.version ?? 0;
    if (change.fromVersion !== inForce) {
      throw new ConflictError(
        `the master batch record of product ${productCode} is at version ${inForce}, not ${change.fromVersion} as the change was made from: read it again`,
      );
    }
    const record = newMasterBatchRecord({
      productCode,
      productName: change.productName,
      factory: factory.mspId,
      version: inForce + 1,
      steps: change.steps,
      reason: change.reason,
      definedAt: transactionTime(ctx),
      lastChange: changeStamp(ctx, change.reason),
    });
    const key = masterBatchRecordKey(ctx, productCode);
    const versionKey = masterBatchRecordVersionKey(ctx, productCode, record.version);
    await writeState(ctx, key, record);
    await writeState(ctx, versionKey, record);
    if (current === undefined) await ownedBy(ctx, key, factory.mspId);
    await ownedBy(ctx, versionKey, factory.mspId);
    emitEvent(ctx, 'MasterBatchRecordDefined', productCode, record, [{ type: 'master-batch-record', id: productCode }]);
    return toCanonicalJson(record);
  }

  /** A product's master batch record: version `version` (a whole number), or the one in force when `version` is empty. */
  @Transaction(false)
  @Returns('string')
  async GetMasterBatchRecord(ctx: Context, productCode: string, version: string): Promise<string> {
    if (!PRODUCT_CODE_RULE.test(productCode)) throw new ValidationError('productCode', PRODUCT_CODE_RULE.text);
    if (version !== '' && !/^[1-9]\d{0,5}$/.test(version)) {
      throw new ValidationError('version', 'must be a whole number of versions from 1 to 999999, or empty for the one in force');
    }
    return toCanonicalJson(await getMasterBatchRecord(ctx, productCode, version === '' ? undefined : Number(version)));
  }

  /** Closes a deviation with its CAPA: `capaJson` is `{ rootCause, correctiveAction, preventiveAction }`. */
  @Transaction()
  @Returns('string')
  async CloseDeviation(ctx: Context, lotId: string, deviationId: string, capaJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const deviation = await getDeviation(ctx, lot.lotId, deviationId);
    const f = readObject(parseJson(capaJson, 'capa'), 'capa', CAPA_INPUT_FIELDS);
    await assertLotActor(ctx, lot);
    assertLotStep(lot, 'close-deviation');
    if (deviation.status !== 'open') throw new ConflictError(`deviation ${deviationId} of lot ${lot.lotId} is already closed`);
    const capa = {
      rootCause: f.required('rootCause', REASON_RULE),
      correctiveAction: f.required('correctiveAction', REASON_RULE),
      preventiveAction: f.required('preventiveAction', REASON_RULE),
      closedAt: transactionTime(ctx),
    };
    const closed = newDeviation({ ...deviation, status: 'closed', capa, lastChange: changeStamp(ctx, capa.rootCause) });
    const next = advanceLot(
      lot,
      'close-deviation',
      { openDeviations: lot.openDeviations.filter((id) => id !== deviationId) },
      changeStamp(ctx),
    );
    await putDeviation(ctx, closed);
    await putLot(ctx, next);
    lotEvent(ctx, 'DeviationClosed', next, closed);
    return toCanonicalJson(closed);
  }

  /**
   * QA release: `signaturesJson` is a JSON array of two electronic signatures over GetReleaseRecord(lotId, qa): the QA
   * reviewer's (meaning qa-review, role factory-qa) and the QP's (meaning qp-release, role qp), by two different people of
   * the lot's factory. The lot must be in process, not on hold, without open deviations, with every mandatory lot test passed.
   */
  @Transaction()
  @Returns('string')
  async QaRelease(ctx: Context, lotId: string, signaturesJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const given = readList(parseJson(signaturesJson, 'signatures'), 'signatures', OBJECT_RULE, { min: 2, max: 2 });
    await assertLotActor(ctx, lot);
    await assertReadyForQaRelease(ctx, lot);
    await assertNothingStandsAgainst(ctx, lot, 'released by QA');
    const record = await qaReleaseRecord(ctx, lot);
    const byMeaning = (meaning: SignatureMeaning): [unknown, string] => {
      const index = given.findIndex((value) => newElectronicSignature(value, 'signatures[]').meaning === meaning);
      if (index < 0) throw new ValidationError('signatures', `must include a ${meaning} signature`);
      return [given[index], `signatures[${index}]`];
    };
    const [reviewValue, reviewField] = byMeaning('qa-review');
    const [qpValue, qpField] = byMeaning('qp-release');
    const review = newElectronicSignature(reviewValue, reviewField);
    const qp = newElectronicSignature(qpValue, qpField);
    // QA review and QP release are a two-person confirmation.
    assertDifferentSigners(review, qp, 'signatures');
    const signatures: ElectronicSignature[] = [
      await verifySignature(ctx, reviewValue, reviewField, record, await releaseRequirement(ctx, lot, 'qa-review')),
      await verifySignature(ctx, qpValue, qpField, record, await releaseRequirement(ctx, lot, 'qp-release')),
    ];
    for (const signature of signatures) await recordSignatureUse(ctx, signature, record);
    const released = advanceLot(
      lot,
      'qa-release',
      {
        qaRelease: { releasedAt: transactionTime(ctx), dossierDigest: recordDigest(record), signatures },
      },
      changeStamp(ctx),
    );
    await putLot(ctx, released);
    lotEvent(ctx, 'LotQaReleased', released, released);
    return toCanonicalJson(released);
  }

  /**
   * Regulator lot release (批签发): `signatureJson` is a regulator's electronic signature (meaning regulator-lot-release)
   * over GetReleaseRecord(lotId, regulator). Needs the QA release first, and no hold.
   */
  @Transaction()
  @Returns('string')
  async RegulatorRelease(ctx: Context, lotId: string, signatureJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    assertLotStep(lot, 'regulator-release');
    if (lot.holds.length > 0) throw new ConflictError(`lot ${lot.lotId} is on hold`);
    await assertNothingStandsAgainst(ctx, lot, 'released by the regulator');
    const signature = await acceptSignature(
      ctx,
      parseJson(signatureJson, 'signature'),
      'signature',
      regulatorReleaseRecord(lot),
      await releaseRequirement(ctx, lot, 'regulator-lot-release'),
    );
    const released = advanceLot(
      lot,
      'regulator-release',
      { regulatorRelease: { releasedAt: transactionTime(ctx), signature } },
      changeStamp(ctx),
    );
    await putLot(ctx, released);
    await recordRegulatorRelease(ctx, released, released.regulatorRelease!.releasedAt, signature);
    lotEvent(ctx, 'LotReleasedByRegulator', released, released);
    return toCanonicalJson(released);
  }

  /** Puts a lot on a quality hold (`{ reason }`): its units do not ship, it is not released, until the hold is lifted. */
  @Transaction()
  @Returns('string')
  async PlaceOnHold(ctx: Context, lotId: string, holdJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const reason = readReason(holdJson, 'hold');
    await assertLotActor(ctx, lot);
    const hold = {
      kind: 'quality' as const,
      ref: `H-${ctx.stub.getTxID().slice(0, 16)}`,
      reason,
      since: transactionTime(ctx),
      placedBy: callerMspId(ctx),
    };
    const held = advanceLot(lot, 'place-hold', withHold(lot, hold), changeStamp(ctx, reason));
    await putLot(ctx, held);
    await recordHoldOfOthers(ctx, lot, hold);
    lotEvent(ctx, 'LotPutOnHold', held, held);
    return toCanonicalJson(held);
  }

  /**
   * Lifts a hold (`ref`, `{ reason }`): a quality hold by the organisation that placed it or a regulator; a look-back
   * hold once the regulator has concluded its case as cleared (with its signature); an OOS hold only by invalidating its
   * result (TestResult:CloseOosInvestigation).
   */
  @Transaction()
  @Returns('string')
  async ReleaseHold(ctx: Context, lotId: string, ref: string, reasonJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const reason = readReason(reasonJson, 'release');
    if (!IDENTIFIER_RULE.test(ref)) throw new ValidationError('ref', IDENTIFIER_RULE.text);
    await assertLotActor(ctx, lot);
    const hold = lot.holds.find((candidate) => candidate.ref === ref);
    if (hold === undefined) throw new ConflictError(`lot ${lot.lotId} has no hold ${ref}`);
    if (hold.kind === 'oos') {
      throw new ConflictError(
        `hold ${ref} of lot ${lot.lotId} is an oos hold; it is lifted by closing its OOS investigation as invalidated`,
      );
    }
    if (hold.kind === 'look-back') {
      const lookBack = await getLookBackCase(ctx, hold.ref);
      if (!(await isClearedByRegulator(ctx, lookBack))) {
        throw new ConflictError(
          `hold ${ref} of lot ${lot.lotId} is a look-back hold; it is lifted only once the regulator concludes case ${hold.ref} as cleared ` +
            `(LookBack:ConcludeLookBack); the case is ${lookBack.conclusion?.outcome ?? 'not concluded'}`,
        );
      }
    }
    // A quality hold is its placer's: the factory does not lift the regulator's.
    const caller = await getOrganisation(ctx, callerMspId(ctx));
    if (hold.kind === 'quality' && hold.placedBy !== caller.mspId && caller.kind !== 'regulator') {
      throw new ForbiddenError(`hold ${ref} of lot ${lot.lotId} was placed by ${hold.placedBy}; only it or a regulator lifts it`);
    }
    const lifted = advanceLot(lot, 'release-hold', withoutHold(lot, ref), changeStamp(ctx, reason));
    await putLot(ctx, lifted);
    await liftHoldOfOthers(ctx, lot, ref);
    lotEvent(ctx, 'LotHoldReleased', lifted, lifted);
    return toCanonicalJson(lifted);
  }

  /** Recalls a released (or QA-released) lot: `{ reason }`. Its units never ship again. */
  @Transaction()
  @Returns('string')
  async RecallLot(ctx: Context, lotId: string, recallJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const reason = readReason(recallJson, 'recall');
    await assertLotActor(ctx, lot);
    const recalled = advanceLot(lot, 'recall', { recall: { recalledAt: transactionTime(ctx), reason } }, changeStamp(ctx, reason));
    await putLot(ctx, recalled);
    lotEvent(ctx, 'LotRecalled', recalled, having(recalled, 'recall'));
    return toCanonicalJson(recalled);
  }

  @Transaction(false)
  @Returns('string')
  async GetLot(ctx: Context, lotId: string): Promise<string> {
    return toCanonicalJson(await getLot(ctx, lotId));
  }

  /** The record to sign for `stage` qa (QA reviewer and QP) or regulator, and its digest. */
  @Transaction(false)
  @Returns('string')
  async GetReleaseRecord(ctx: Context, lotId: string, stage: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const checked = oneOf(['qa', 'regulator'] as const);
    if (!checked.test(stage)) throw new ValidationError('stage', checked.text);
    // Only a lot that may take this release has a record to sign: a signature of a lot released already would wait for
    // ever (a QA reviewer's, kept by the gateway until the QP's comes) or be refused by the release.
    assertLotStep(lot, stage === 'qa' ? 'qa-release' : 'regulator-release');
    const record = stage === 'qa' ? await qaReleaseRecord(ctx, lot) : regulatorReleaseRecord(lot);
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  /**
   * Checks a release signature (`signatureJson`, meaning qa-review, qp-release or regulator-lot-release) as the release
   * will, writing nothing: what a gateway asks before it keeps a signature waiting for the other one.
   */
  @Transaction(false)
  @Returns('string')
  async GetReleaseSignatureCheck(ctx: Context, lotId: string, signatureJson: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const given = parseJson(signatureJson, 'signature');
    const { meaning } = newElectronicSignature(given, 'signature');
    const releaseMeanings = oneOf(['qa-review', 'qp-release', 'regulator-lot-release'] as const);
    if (!releaseMeanings.test(meaning)) throw new ValidationError('signature.meaning', releaseMeanings.text);
    const record = meaning === 'regulator-lot-release' ? regulatorReleaseRecord(lot) : await qaReleaseRecord(ctx, lot);
    const signature = await verifySignature(ctx, given, 'signature', record, await releaseRequirement(ctx, lot, meaning));
    return toCanonicalJson({ valid: true, meaning: signature.meaning, signerName: signature.signerName });
  }

  @Transaction(false)
  @Returns('string')
  async ListProcessSteps(ctx: Context, lotId: string): Promise<string> {
    return toCanonicalJson(await listProcessSteps(ctx, (await getLot(ctx, lotId)).lotId));
  }

  @Transaction(false)
  @Returns('string')
  async ListDeviations(ctx: Context, lotId: string): Promise<string> {
    return toCanonicalJson(await listDeviations(ctx, (await getLot(ctx, lotId)).lotId));
  }
}

/** Who may give a release signature of `meaning` for `lot`: the factory's QA reviewer or QP, or a regulator. */
async function releaseRequirement(
  ctx: Context,
  lot: Lot,
  meaning: 'qa-review' | 'qp-release' | 'regulator-lot-release',
): Promise<SignatureRequirement> {
  if (meaning === 'regulator-lot-release') return { meaning, roles: [REGULATOR_SIGNER_ROLE], mspIds: await regulatorIds(ctx) };
  return { meaning, roles: [QA_RELEASE_SIGNER_ROLE[meaning]], mspIds: [lot.factory] };
}
