// The TestResult contract: laboratory results about donations, pools and lots, and the investigation of every
// out-of-specification result. An OOS result about a lot puts the lot on hold until the investigation closes.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerCommonName, callerMspId } from '../access/identity';
import { getOrganisation } from '../consortium/registry';
import { assertCustodian } from '../donation/custody';
import type { Donation } from '../donation/donation';
import { getDonation, putDonation } from '../donation/donation-store';
import { advance } from '../donation/life-cycle';
import { afterFailedRetest } from '../donation/retest';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { normaliseDinKey } from '../identifiers/din';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_RULE } from '../ledger/change';
import { emitEvent, type ObjectRef } from '../ledger/events';
import { getLot, putLot, withHold, withoutHold, type Lot } from '../lot/lot';
import { getPool } from '../pool/pool';
import { assertNotAhead } from '../access/endorsement-time';
import { ownedBy } from '../consortium/ownership';
import { ISO_INSTANT_RULE, transactionTime } from '../time';
import { oneOf, OBJECT_RULE, parseJson, readObject, text } from '../validation';
import {
  getTestResult,
  newTestResult,
  OOS_CLOSURE_INPUT_FIELDS,
  putTestResult,
  resultsOf,
  SUBJECT_KINDS,
  TEST_RESULT_INPUT_FIELDS,
  TEST_SUBJECT_FIELDS,
  testResultKey,
  type SubjectKind,
  type TestResult,
} from './test-result';

/**
 * Checks that the subject exists and the caller's organisation may test it; returns its canonical id, its lot or donation,
 * and since when it can have been tested (collection, a pool's closing, a lot's creation).
 */
async function checkSubject(
  ctx: Context,
  kind: SubjectKind,
  id: string,
): Promise<{ id: string; since: string; lot?: Lot; donation?: Donation }> {
  const caller = await getOrganisation(ctx, callerMspId(ctx));
  if (caller.kind === 'regulator' && kind !== 'lot') {
    throw new ForbiddenError("the regulator's laboratory records results about lots only");
  }
  switch (kind) {
    case 'donation': {
      const donation = await getDonation(ctx, normaliseDinKey(id));
      assertCustodian(ctx, donation, 're-test');
      return { id: donation.din, since: donation.collectionStart, donation };
    }
    case 'pool': {
      const pool = await getPool(ctx, normaliseDinKey(id));
      if (pool.factory !== caller.mspId) throw new ForbiddenError(`pool ${pool.poolDin} belongs to ${pool.factory}`);
      // The pool's tests are of the pool as closed: a result before then could not speak for bags added after it.
      if (pool.closedAt === undefined) throw new ConflictError(`pool ${pool.poolDin} is still open; its tests are made once it is closed`);
      return { id: pool.poolDin, since: pool.closedAt };
    }
    case 'lot': {
      const lot = await getLot(ctx, id);
      if (caller.kind === 'factory' && lot.factory !== caller.mspId) throw new ForbiddenError(`lot ${lot.lotId} belongs to ${lot.factory}`);
      return { id: lot.lotId, since: lot.createdAt, lot };
    }
  }
}

const objectsOf = (result: TestResult, lot: Lot | undefined, donation?: Donation): ObjectRef[] => [
  { type: 'test-result', id: result.resultId },
  ...(lot === undefined ? [] : [{ type: 'lot' as const, id: lot.lotId }]),
  ...(donation === undefined ? [] : [{ type: 'donation' as const, id: donation.din }]),
];

@Info({ title: 'TestResult', description: 'Laboratory results about donations, pools and lots, with OOS investigations' })
export class TestResultContract extends AuthorisedContract {
  constructor() {
    super('TestResult');
  }

  /**
   * Records a result: `resultJson` is `{ subject: { kind: donation|pool|lot, id }, analyte, method, result, value?, unit?,
   * specification, conclusion: pass|fail, oos, lab, instrument, rawDataHash, testedAt }`; the analyst is the caller.
   * A fail is always OOS; an OOS result opens an investigation, and about a lot puts the lot on hold.
   */
  @Transaction()
  @Returns('string')
  async RecordTestResult(ctx: Context, resultJson: string): Promise<string> {
    const input = readObject(parseJson(resultJson, 'testResult'), 'testResult', TEST_RESULT_INPUT_FIELDS);
    const subjectInput = readObject(input.required('subject', OBJECT_RULE), 'testResult.subject', TEST_SUBJECT_FIELDS);
    const kind = subjectInput.required('kind', oneOf(SUBJECT_KINDS));
    const { id, since, lot, donation } = await checkSubject(ctx, kind, subjectInput.required('id', text(64)));
    const now = transactionTime(ctx);
    const testedAt = input.required('testedAt', ISO_INSTANT_RULE);
    await assertNotAhead(ctx, testedAt, 'testResult.testedAt');
    if (Date.parse(testedAt) < Date.parse(since)) {
      throw new ValidationError('testResult.testedAt', `must not be before the ${kind} could be tested (${since})`);
    }
    const resultId = `TR-${ctx.stub.getTxID().slice(0, 24)}`;
    const result = newTestResult({
      ...input.values,
      subject: { kind, id },
      resultId,
      analyst: callerCommonName(ctx),
      organisation: callerMspId(ctx),
      ...(input.values.oos === true ? { investigation: { status: 'open' } } : {}),
      lastChange: changeStamp(ctx),
    });
    await putTestResult(ctx, result, true);
    await ownedBy(ctx, testResultKey(ctx, resultId), result.organisation);
    let heldLot: Lot | undefined;
    if (lot !== undefined && result.oos) {
      heldLot = withHold(lot, {
        kind: 'oos',
        ref: resultId,
        reason: `out of specification: ${result.analyte} ${result.result}`,
        since: now,
        placedBy: result.organisation,
      });
      await putLot(ctx, { ...heldLot, lastChange: changeStamp(ctx, `OOS ${result.analyte}`) });
    }
    const failedDonation =
      donation !== undefined && (result.oos || result.conclusion === 'fail') ? await afterFailedRetest(ctx, donation, result) : undefined;
    if (failedDonation !== undefined) await putDonation(ctx, failedDonation);
    emitEvent(ctx, 'TestResultRecorded', resultId, result, objectsOf(result, heldLot, failedDonation));
    return toCanonicalJson(result);
  }

  /**
   * Closes the investigation of an OOS result: `closureJson` is `{ outcome: confirmed|invalidated, rootCause, capa }`.
   * An invalidated result (laboratory error) stops counting and lifts its lot hold; a confirmed one keeps both.
   */
  @Transaction()
  @Returns('string')
  async CloseOosInvestigation(ctx: Context, resultId: string, closureJson: string): Promise<string> {
    const result = await getTestResult(ctx, resultId);
    const f = readObject(parseJson(closureJson, 'closure'), 'closure', OOS_CLOSURE_INPUT_FIELDS);
    const outcome = f.required('outcome', oneOf(['confirmed', 'invalidated'] as const));
    const rootCause = f.required('rootCause', REASON_RULE);
    const capa = f.required('capa', REASON_RULE);
    if (result.investigation?.status !== 'open') {
      throw new ConflictError(`test result ${resultId} has no open OOS investigation`);
    }
    // The laboratory that reported a result answers for it: no other organisation may invalidate it.
    if (result.organisation !== callerMspId(ctx)) {
      throw new ForbiddenError(
        `test result ${resultId} was reported by ${result.organisation}; only its laboratory closes its investigation`,
      );
    }
    const { donation } = await checkSubject(ctx, result.subject.kind, result.subject.id);
    const now = transactionTime(ctx);
    const closed = newTestResult({
      ...result,
      investigation: { status: outcome, rootCause, capa, closedAt: now },
      lastChange: changeStamp(ctx, rootCause),
    });
    await putTestResult(ctx, closed, false);
    let lot: Lot | undefined;
    if (result.subject.kind === 'lot' && outcome === 'invalidated') {
      lot = withoutHold(await getLot(ctx, result.subject.id), resultId);
      await putLot(ctx, { ...lot, lastChange: changeStamp(ctx, `OOS ${result.analyte} invalidated: ${rootCause}`) });
    }
    // A bag held for this re-test goes back where it was once the result is invalidated; a confirmed one stays held.
    const released =
      outcome === 'invalidated' && donation?.hold?.kind === 'retest' && donation.hold.resultId === resultId
        ? advance(donation, 'resolve-hold', {}, changeStamp(ctx, `re-test ${resultId} invalidated: ${rootCause}`))
        : undefined;
    if (released !== undefined) await putDonation(ctx, released);
    emitEvent(ctx, 'OosInvestigationClosed', resultId, closed, objectsOf(closed, lot, released));
    return toCanonicalJson(closed);
  }

  @Transaction(false)
  @Returns('string')
  async GetTestResult(ctx: Context, resultId: string): Promise<string> {
    return toCanonicalJson(await getTestResult(ctx, resultId));
  }

  /** Every result about one subject (`kind`: donation, pool or lot). */
  @Transaction(false)
  @Returns('string')
  async ListTestResults(ctx: Context, kind: string, id: string): Promise<string> {
    if (!oneOf(SUBJECT_KINDS).test(kind)) {
      throw new ValidationError('kind', oneOf(SUBJECT_KINDS).text);
    }
    const key = kind === 'lot' ? id : normaliseDinKey(id);
    return toCanonicalJson(await resultsOf(ctx, kind, key));
  }
}
