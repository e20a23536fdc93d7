// The LookBack contract: a donor's seroconversion finds every donation of the donor in the window, every pool holding
// one, every lot made from those pools (put on hold) and where their cases went — in bounded steps, into one case.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { DONOR_PSEUDONYM_RULE } from '../donation/donation';
import { ConflictError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_RULE } from '../ledger/change';
import { emitEvent, EventName } from '../ledger/events';
import { DEFAULT_JURISDICTION, JURISDICTION_RULE } from '../rules/jurisdiction';
import { getRuleSet } from '../rules/rule-set';
import { GENESIS_DIGEST } from '../lot/batch-record';
import { CLOCK_SKEW_MS, DAY_MS, ISO_INSTANT_RULE, transactionTime } from '../time';
import { parseJson, readObject } from '../validation';
import { getLookBackCase, itemsDigestOf, listItems, newLookBackCase, putLookBackCase, type LookBackCase } from './look-back-case';
import { runStep, type StepOutcome } from './look-back-step';

function announce(ctx: Context, opening: boolean, { lookBack, changed, interdicted }: StepOutcome): string {
  const name = lookBack.status === 'complete' ? EventName.LookBackCompleted : opening ? EventName.LookBackOpened : EventName.LookBackProgressed;
  const data = { caseId: lookBack.caseId, status: lookBack.status, steps: lookBack.steps, counts: lookBack.counts, interdicted, itemsDigest: lookBack.itemsDigest };
  emitEvent(ctx, name, lookBack.caseId, data, [{ type: 'look-back-case', id: lookBack.caseId }, ...changed]);
  return toCanonicalJson({ ...data, continuation: lookBack.status === 'complete' ? null : lookBack.cursor });
}

@Info({ title: 'LookBack', description: 'Look-back after a donor seroconversion: interdiction, pools, lot holds, one verifiable case' })
export class LookBackContract extends AuthorisedContract {
  constructor() {
    super('LookBack');
  }

  /**
   * Opens a look-back on a donor and runs its first step. `windowJson` is `{ from?, to?, jurisdiction? }`: `to` defaults
   * to now, `from` to `to` minus the jurisdiction's look-back window (default CN), and a given window may not be shorter.
   * Returns the case's progress; while `status` is in-progress, call ContinueLookBack with the case id.
   */
  @Transaction()
  @Returns('string')
  async OpenLookBack(ctx: Context, donorPseudonym: string, reason: string, windowJson: string): Promise<string> {
    if (!DONOR_PSEUDONYM_RULE.test(donorPseudonym)) throw new ValidationError('donorPseudonym', DONOR_PSEUDONYM_RULE.text);
    if (!REASON_RULE.test(reason)) throw new ValidationError('reason', REASON_RULE.text);
    const f = readObject(parseJson(windowJson, 'window'), 'window', ['from', 'to', 'jurisdiction']);
    const now = transactionTime(ctx);
    const jurisdiction = f.optional('jurisdiction', JURISDICTION_RULE) ?? DEFAULT_JURISDICTION;
    const { lookBackWindowDays } = await getRuleSet(ctx, jurisdiction);
    const to = f.optional('to', ISO_INSTANT_RULE) ?? now;
    if (Date.parse(to) > Date.parse(now) + CLOCK_SKEW_MS) throw new ValidationError('window.to', 'must not be later than the transaction time');
    const minimumFrom = new Date(Date.parse(to) - lookBackWindowDays * DAY_MS).toISOString();
    const from = f.optional('from', ISO_INSTANT_RULE) ?? minimumFrom;
    if (Date.parse(from) > Date.parse(minimumFrom)) {
      throw new ValidationError('window.from', `must be at least ${lookBackWindowDays} days (the ${jurisdiction} look-back window) before window.to: ${minimumFrom} or earlier`);
    }
    const lookBack: LookBackCase = newLookBackCase({
      caseId: `LB-${ctx.stub.getTxID().slice(0, 16)}`, donorPseudonym, reason, jurisdiction, window: { from, to }, status: 'in-progress',
      cursor: '', counts: { donations: 0, pools: 0, lots: 0 }, itemCount: 0, itemsDigest: GENESIS_DIGEST, steps: 0, openedAt: now,
      lastChange: changeStamp(ctx, reason),
    });
    const outcome = await runStep(ctx, lookBack);
    await putLookBackCase(ctx, newLookBackCase(outcome.lookBack));
    return announce(ctx, true, outcome);
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

  /** The case with every item, and whether the items' hash chain reproduces the case's digest. */
  @Transaction(false)
  @Returns('string')
  async GetLookBackCase(ctx: Context, caseId: string): Promise<string> {
    const lookBack = await getLookBackCase(ctx, caseId);
    const items = await listItems(ctx, lookBack.caseId);
    const verified = items.length === lookBack.itemCount && itemsDigestOf(items) === lookBack.itemsDigest;
    return toCanonicalJson({ case: lookBack, items, verified });
  }
}
