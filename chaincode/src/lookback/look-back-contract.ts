// The LookBack contract: a donor's seroconversion finds every donation of the donor in the window, every pool holding
// one, every lot made from those pools (put on hold) and where their cases went — in bounded steps, into one case.
// Opened by those who answer for the donor, or on a request they confirm; concluded by the regulator's signature.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { assertNotAhead } from '../access/endorsement-time';
import { callerMspId } from '../access/identity';
import { REGULATOR_SIGNER_ROLE } from '../access/roles';
import { ownedBy } from '../consortium/ownership';
import { jurisdictionOf } from '../consortium/organisation';
import { findOrganisation, getOrganisation, regulatorIds } from '../consortium/registry';
import { findDonation } from '../donation/donation-store';
import { donationsOfDonor } from '../donation/donor-index';
import { DONOR_PSEUDONYM_RULE } from '../donation/donation';
import { ConflictError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_RULE } from '../ledger/change';
import { emitEvent, type ObjectRef } from '../ledger/events';
import { GENESIS_DIGEST } from '../lot/batch-record';
import { DEFAULT_JURISDICTION } from '../rules/jurisdiction';
import { getRuleSet } from '../rules/rule-set';
import { acceptSignature, recordDigest } from '../signatures/electronic-signature';
import { DAY_MS, transactionTime } from '../time';
import { oneOf, parseJson, readObject } from '../validation';
import { assertMayDecideRequest, assertMayOpenLookBack } from './look-back-authority';
import {
  conclusionRecord,
  CONCLUSION_INPUT_FIELDS,
  CONCLUSION_OUTCOMES,
  getLookBackCase,
  itemsDigestOf,
  listItems,
  lookBackCaseKey,
  newLookBackCase,
  putLookBackCase,
  type Conclusion,
  type LookBackCase,
  type LookBackConclusion,
  type LookBackScope,
} from './look-back-case';
import {
  getLookBackRequest,
  lookBackRequestKey,
  newLookBackRequest,
  putLookBackRequest,
  readWindowRequest,
  type LookBackRequest,
  type WindowRequest,
} from './look-back-request';
import { runStep, type StepOutcome } from './look-back-step';

function announce(
  ctx: Context,
  opening: boolean,
  { lookBack, changed, interdicted }: StepOutcome,
  also: readonly ObjectRef[] = [],
): string {
  const name = lookBack.status === 'complete' ? 'LookBackCompleted' : opening ? 'LookBackOpened' : 'LookBackProgressed';
  const data = {
    caseId: lookBack.caseId,
    status: lookBack.status,
    steps: lookBack.steps,
    counts: lookBack.counts,
    interdicted,
    itemsDigest: lookBack.itemsDigest,
  };
  emitEvent(ctx, name, lookBack.caseId, data, [{ type: 'look-back-case', id: lookBack.caseId }, ...also, ...changed]);
  return toCanonicalJson({ ...data, continuation: lookBack.status === 'complete' ? null : lookBack.cursor });
}

function readDonor(donorPseudonym: string): string {
  if (!DONOR_PSEUDONYM_RULE.test(donorPseudonym)) throw new ValidationError('donorPseudonym', DONOR_PSEUDONYM_RULE.text);
  return donorPseudonym;
}

function readReason(reason: string, field = 'reason'): string {
  if (!REASON_RULE.test(reason)) throw new ValidationError(field, REASON_RULE.text);
  return reason;
}

const readWindow = (windowJson: string): WindowRequest => readWindowRequest(parseJson(windowJson, 'window'));

/** Each transaction opens at most one case, named after it. */
const newCaseId = (ctx: Context): string => `LB-${ctx.stub.getTxID().slice(0, 16)}`;

/**
 * The jurisdiction whose look-back window applies: the longest among those of the stations that collected from the
 * donor, and the one the caller names, so that no caller shortens a window by naming another jurisdiction.
 */
async function governingWindow(
  ctx: Context,
  donorPseudonym: string,
  named: string | undefined,
): Promise<{ jurisdiction: string; days: number }> {
  const jurisdictions = new Set<string>(named === undefined ? [] : [named]);
  for (const { din } of await donationsOfDonor(ctx, donorPseudonym)) {
    const donation = await findDonation(ctx, din);
    const station = donation?.donorPseudonym === donorPseudonym ? await findOrganisation(ctx, donation.station) : undefined;
    if (station !== undefined) jurisdictions.add(jurisdictionOf(station));
  }
  if (jurisdictions.size === 0) jurisdictions.add(DEFAULT_JURISDICTION);
  let longest = { jurisdiction: DEFAULT_JURISDICTION, days: 0 };
  for (const jurisdiction of [...jurisdictions].sort()) {
    const { lookBackWindowDays } = await getRuleSet(ctx, jurisdiction);
    if (lookBackWindowDays > longest.days) longest = { jurisdiction, days: lookBackWindowDays };
  }
  return longest;
}

/** A case's reach, from the kind of organisation that opens or confirms it (look-back-authority.ts says who may). */
async function scopeOfCaller(ctx: Context): Promise<LookBackScope> {
  const caller = await getOrganisation(ctx, callerMspId(ctx));
  const kind = caller.kind === 'regulator' ? 'consortium' : caller.kind === 'station' ? 'station' : 'custodian';
  return { kind, mspId: caller.mspId };
}

/**
 * Opens a case on `donorPseudonym` over `window` (`{ from?, to?, jurisdiction? }`: `to` defaults to now, `from` to `to`
 * minus the longest look-back window of the donor's stations' jurisdictions and the named one, and a given window may
 * not be shorter), reaching the bags the caller's organisation may interdict, and runs its first step.
 */
async function openCase(ctx: Context, donorPseudonym: string, reason: string, window: WindowRequest, requestId?: string): Promise<string> {
  const now = transactionTime(ctx);
  const { jurisdiction, days: lookBackWindowDays } = await governingWindow(ctx, donorPseudonym, window.jurisdiction);
  const to = window.to ?? now;
  await assertNotAhead(ctx, to, 'window.to');
  const minimumFrom = new Date(Date.parse(to) - lookBackWindowDays * DAY_MS).toISOString();
  const from = window.from ?? minimumFrom;
  if (Date.parse(from) > Date.parse(minimumFrom)) {
    throw new ValidationError(
      'window.from',
      `must be at least ${lookBackWindowDays} days (the ${jurisdiction} look-back window) before window.to: ${minimumFrom} or earlier`,
    );
  }
  const lookBack: LookBackCase = newLookBackCase({
    caseId: newCaseId(ctx),
    donorPseudonym,
    reason,
    jurisdiction,
    scope: await scopeOfCaller(ctx),
    window: { from, to },
    status: 'in-progress',
    cursor: '',
    counts: { donations: 0, pools: 0, lots: 0 },
    itemCount: 0,
    itemsDigest: GENESIS_DIGEST,
    steps: 0,
    openedAt: now,
    ...(requestId === undefined ? {} : { requestId }),
    lastChange: changeStamp(ctx, reason),
  });
  const outcome = await runStep(ctx, lookBack);
  await putLookBackCase(ctx, newLookBackCase(outcome.lookBack));
  await ownedBy(ctx, lookBackCaseKey(ctx, lookBack.caseId), callerMspId(ctx));
  return announce(ctx, true, outcome, requestId === undefined ? [] : [{ type: 'look-back-request', id: requestId }]);
}

function readConclusion(conclusionJson: string): Conclusion {
  const f = readObject(parseJson(conclusionJson, 'conclusion'), 'conclusion', CONCLUSION_INPUT_FIELDS);
  return { outcome: f.required('outcome', oneOf(CONCLUSION_OUTCOMES)), reason: f.required('reason', REASON_RULE) };
}

function assertConcludable(lookBack: LookBackCase): void {
  if (lookBack.status !== 'complete')
    throw new ConflictError(`look-back case ${lookBack.caseId} is still in progress; it is concluded once complete`);
  if (lookBack.conclusion !== undefined)
    throw new ConflictError(`look-back case ${lookBack.caseId} is already concluded (${lookBack.conclusion.outcome})`);
}

@Info({ title: 'LookBack', description: 'Look-back after a donor seroconversion: interdiction, pools, lot holds, one verifiable case' })
export class LookBackContract extends AuthorisedContract {
  constructor() {
    super('LookBack');
  }

  /**
   * Opens a look-back on a donor the caller's organisation answers for (the regulator; a station that collected from the
   * donor; the factory that received the donor's plasma) and runs its first step. `windowJson` is `{ from?, to?,
   * jurisdiction? }`. Returns the case's progress; while `status` is in-progress, call ContinueLookBack with the case id.
   */
  @Transaction()
  @Returns('string')
  async OpenLookBack(ctx: Context, donorPseudonym: string, reason: string, windowJson: string): Promise<string> {
    const donor = readDonor(donorPseudonym);
    const because = readReason(reason);
    const window = readWindow(windowJson);
    await assertMayOpenLookBack(ctx, donor);
    return openCase(ctx, donor, because, window);
  }

  /** Runs the next step of an open case; the case's cursor is the continuation, kept on the ledger. */
  @Transaction()
  @Returns('string')
  async ContinueLookBack(ctx: Context, caseId: string): Promise<string> {
    const lookBack = await getLookBackCase(ctx, caseId);
    if (lookBack.status === 'complete') throw new ConflictError(`look-back case ${caseId} is complete`);
    const outcome = await runStep(ctx, lookBack);
    await putLookBackCase(ctx, newLookBackCase(outcome.lookBack));
    return announce(ctx, false, outcome);
  }

  /** Asks for a look-back on a donor (same arguments as OpenLookBack); the regulator or the donor's station decides. */
  @Transaction()
  @Returns('string')
  async RequestLookBack(ctx: Context, donorPseudonym: string, reason: string, windowJson: string): Promise<string> {
    const request: LookBackRequest = newLookBackRequest({
      requestId: `LR-${ctx.stub.getTxID().slice(0, 16)}`,
      donorPseudonym: readDonor(donorPseudonym),
      reason: readReason(reason),
      window: readWindow(windowJson),
      status: 'requested',
      requestedAt: transactionTime(ctx),
      lastChange: changeStamp(ctx, reason),
    });
    await putLookBackRequest(ctx, request);
    await ownedBy(ctx, lookBackRequestKey(ctx, request.requestId), callerMspId(ctx));
    emitEvent(ctx, 'LookBackRequested', request.requestId, request, [{ type: 'look-back-request', id: request.requestId }]);
    return toCanonicalJson(request);
  }

  /** Confirms a request (the regulator, or the QA of a station that collected from the donor): opens its case. */
  @Transaction()
  @Returns('string')
  async ConfirmLookBackRequest(ctx: Context, requestId: string): Promise<string> {
    const request = await getLookBackRequest(ctx, requestId);
    if (request.status !== 'requested') throw new ConflictError(`look-back request ${requestId} is already ${request.status}`);
    await assertMayDecideRequest(ctx, request.donorPseudonym);
    const caseId = newCaseId(ctx);
    await putLookBackRequest(
      ctx,
      newLookBackRequest({ ...request, status: 'confirmed', caseId, lastChange: changeStamp(ctx, request.reason) }),
    );
    return openCase(ctx, request.donorPseudonym, request.reason, request.window, request.requestId);
  }

  /** Declines a request with `reasonJson` `{ reason }` (the regulator, or the QA of a station that collected from the donor). */
  @Transaction()
  @Returns('string')
  async DeclineLookBackRequest(ctx: Context, requestId: string, reasonJson: string): Promise<string> {
    const request = await getLookBackRequest(ctx, requestId);
    const declineReason = readObject(parseJson(reasonJson, 'decline'), 'decline', ['reason']).required('reason', REASON_RULE);
    if (request.status !== 'requested') throw new ConflictError(`look-back request ${requestId} is already ${request.status}`);
    await assertMayDecideRequest(ctx, request.donorPseudonym);
    const declined = newLookBackRequest({ ...request, status: 'declined', declineReason, lastChange: changeStamp(ctx, declineReason) });
    await putLookBackRequest(ctx, declined);
    emitEvent(ctx, 'LookBackRequestDeclined', declined.requestId, declined, [{ type: 'look-back-request', id: declined.requestId }]);
    return toCanonicalJson(declined);
  }

  /**
   * Concludes a complete case with the regulator's electronic signature (meaning look-back-conclusion) over the record
   * GetLookBackConclusionRecord returns: `conclusionJson` `{ outcome: cleared|confirmed, reason }`. A cleared case's lot
   * holds may then be lifted (Lot:ReleaseHold); interdicted bags and marked pools stay as they are.
   */
  @Transaction()
  @Returns('string')
  async ConcludeLookBack(ctx: Context, caseId: string, conclusionJson: string, signatureJson: string): Promise<string> {
    const lookBack = await getLookBackCase(ctx, caseId);
    const conclusion = readConclusion(conclusionJson);
    assertConcludable(lookBack);
    const signature = await acceptSignature(
      ctx,
      parseJson(signatureJson, 'signature'),
      'signature',
      conclusionRecord(lookBack, conclusion),
      {
        meaning: 'look-back-conclusion',
        roles: [REGULATOR_SIGNER_ROLE],
        mspIds: await regulatorIds(ctx),
      },
    );
    const concludedAs: LookBackConclusion = { ...conclusion, concludedAt: transactionTime(ctx), signature };
    const concluded = newLookBackCase({ ...lookBack, conclusion: concludedAs, lastChange: changeStamp(ctx, conclusion.reason) });
    await putLookBackCase(ctx, concluded);
    emitEvent(ctx, 'LookBackConcluded', concluded.caseId, { caseId: concluded.caseId, conclusion: concludedAs }, [
      { type: 'look-back-case', id: concluded.caseId },
    ]);
    return toCanonicalJson(concluded);
  }

  /** The record the regulator signs to conclude `caseId` as `conclusionJson` says, and its digest. */
  @Transaction(false)
  @Returns('string')
  async GetLookBackConclusionRecord(ctx: Context, caseId: string, conclusionJson: string): Promise<string> {
    const lookBack = await getLookBackCase(ctx, caseId);
    const record = conclusionRecord(lookBack, readConclusion(conclusionJson));
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  /** The case with every item, and whether the items' hash chain reproduces the case's digest. */
  @Transaction(false)
  @Returns('string')
  async GetLookBackCase(ctx: Context, caseId: string): Promise<string> {
    const lookBack = await getLookBackCase(ctx, caseId);
    const items = await listItems(ctx, lookBack.caseId);
    const verified = items.length === lookBack.itemCount && itemsDigestOf(items) === lookBack.itemsDigest;
    return toCanonicalJson({ case: lookBack, items, verified });
  }

  @Transaction(false)
  @Returns('string')
  async GetLookBackRequest(ctx: Context, requestId: string): Promise<string> {
    return toCanonicalJson(await getLookBackRequest(ctx, requestId));
  }
}
