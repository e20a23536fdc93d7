// What holds a lot whatever its own record says. The lot record is the factory's (its key needs the factory's peer and
// one other member's), so the factory and one colluding member could write away a hold placed by someone else. The
// records of those holds are not the factory's: a laboratory's result about the lot, a look-back case listing it, a
// hold another organisation placed (kept in a key of its own). Before a lot is released or ships, they are read from
// there.
import type { Context } from 'fabric-contract-api';
import { ConflictError } from '../errors';
import { compositeKey } from '../ledger/keys';
import { readKeysByPartialKey, readState, writeState } from '../ledger/state';
import { ownedBy } from '../consortium/ownership';
import { findLookBackCase, isClearedByRegulator, isListed } from '../lookback/look-back-case';
import { standingFailures } from '../testing/assessment';
import { resultsOf } from '../testing/test-result';
import { lotAllows } from './life-cycle';
import type { Lot, LotHold } from './lot';
import { releasedByRegulator } from './regulator-release';

const LOT_LOOK_BACK = 'lot-look-back'; // lot-look-back + lotId + caseId → {}: the cases that held the lot
const LOT_HOLD = 'lot-hold'; // lot-hold + lotId + ref → { placedBy, reason, since }: a hold placed by another organisation

/** Keeps a hold placed by another organisation than the lot's factory in a key the placer owns; nothing for the factory's own. */
export async function recordHoldOfOthers(ctx: Context, lot: Lot, hold: LotHold): Promise<void> {
  if (hold.placedBy === lot.factory) return;
  const key = compositeKey(ctx, LOT_HOLD, [lot.lotId, hold.ref]);
  await writeState(ctx, key, { placedBy: hold.placedBy, reason: hold.reason, since: hold.since });
  await ownedBy(ctx, key, hold.placedBy);
}

/** Removes the placer's key of a lifted hold (which needs the placer's peer, by the key's policy). */
export async function liftHoldOfOthers(ctx: Context, lot: Lot, ref: string): Promise<void> {
  const key = compositeKey(ctx, LOT_HOLD, [lot.lotId, ref]);
  if ((await readState(ctx, key)) !== undefined) await ctx.stub.deleteState(key);
}

/** Notes that look-back case `caseId` holds the lot (the case, not this pointer, is what a reader trusts). */
export const indexLookBackOfLot = (ctx: Context, lotId: string, caseId: string): Promise<void> =>
  writeState(ctx, compositeKey(ctx, LOT_LOOK_BACK, [lotId, caseId]), {});

/** Why the lot may not be released or ship, from records others own; empty when nothing stands against it. */
export async function standingAgainst(ctx: Context, lot: Lot): Promise<string[]> {
  const reasons: string[] = [];
  for (const [, ref = ''] of await readKeysByPartialKey(ctx, LOT_HOLD, [lot.lotId]))
    reasons.push(`hold ${ref} placed by another organisation`);
  for (const result of await resultsOf(ctx, 'lot', lot.lotId)) {
    if (result.investigation?.status === 'open') reasons.push(`result ${result.resultId} (${result.organisation}) under OOS investigation`);
    else if (standingFailures([result]).length > 0) reasons.push(`result ${result.resultId} (${result.organisation}) failed`);
  }
  for (const [, caseId = ''] of await readKeysByPartialKey(ctx, LOT_LOOK_BACK, [lot.lotId])) {
    const lookBack = await findLookBackCase(ctx, caseId);
    // A pointer to no case, or to a case that does not list the lot, holds nothing.
    if (lookBack === undefined || !(await isListed(ctx, caseId, 'lot', lot.lotId))) continue;
    if (!(await isClearedByRegulator(ctx, lookBack))) reasons.push(`look-back ${caseId} not concluded cleared by the regulator`);
  }
  return reasons;
}

/** Why the lot may not ship: its own record (status, holds), the regulator's release (key and signature), what others placed on it. */
export async function whyNotForSale(ctx: Context, lot: Lot): Promise<string[]> {
  const reasons = lotAllows('ship-cases', lot.status) ? [] : [`it is ${lot.status}`];
  if (lot.holds.length > 0) reasons.push(`on hold (${lot.holds.map(({ kind, ref }) => `${kind} ${ref}`).join(', ')})`);
  if (lot.status === 'released' && !(await releasedByRegulator(ctx, lot)))
    reasons.push("the regulator's release key holds no genuine release");
  return [...reasons, ...(await standingAgainst(ctx, lot))];
}

/** Refuses, naming every reason, when something others own stands against the lot. */
export async function assertNothingStandsAgainst(ctx: Context, lot: Lot, action: string): Promise<void> {
  const reasons = await standingAgainst(ctx, lot);
  if (reasons.length > 0) throw new ConflictError(`lot ${lot.lotId} may not be ${action}: ${reasons.join('; ')}`);
}
