// One step of a look-back: up to DONATIONS_PER_STEP donations of the donor in the window are interdicted; each pool
// holding one is marked (and no longer used); each lot made from such a pool goes on a look-back hold, with where its
// shipped cases went. Every object is listed once in the case's hash chain. A step reads one chunk per pooled donation
// (for its membership proof), never a whole pool, so a donation in a 10,000-donation pool costs what any other does.
import type { Context } from 'fabric-contract-api';
import type { Donation } from '../donation/donation';
import { findDonation, putDonation } from '../donation/donation-store';
import { donationsOfDonor, type DonorEntry } from '../donation/donor-index';
import { advance } from '../donation/life-cycle';
import { changeStamp } from '../ledger/change';
import type { ObjectRef } from '../ledger/events';
import { advanceLot, lotAllows } from '../lot/life-cycle';
import { findLot, lotsOfPool, putLot, withHold } from '../lot/lot';
import { indexLookBackOfLot } from '../lot/standing-against';
import { findChunk, membershipProof, poolsOfDonation } from '../pool/membership';
import { findPool, newPool, putPool, type Pool } from '../pool/pool';
import { transactionTime, utcIso } from '../time';
import { casesOfLot } from '../units/unit';
import { chainItem, inScope, isListed, putItem, type ItemKind, type LookBackCase } from './look-back-case';

/** Bounded so that a step stays a small transaction whatever the donor's history. */
export const DONATIONS_PER_STEP = 10;

export interface StepOutcome {
  readonly lookBack: LookBackCase;
  /** Every business object the step changed (for the event). */
  readonly changed: readonly ObjectRef[];
  readonly interdicted: readonly string[];
}

const position = ({ collectionStart, din }: DonorEntry): string => `${collectionStart}/${din}`;

/**
 * The donor's donations in the case's window and reach, in collection order. The donor index is only a pointer, which
 * any two members can write: an entry counts only if its donation exists, is the donor's and lies within the reach.
 */
async function donationsInWindow(ctx: Context, lookBack: LookBackCase): Promise<{ entry: DonorEntry; donation: Donation }[]> {
  const from = utcIso(lookBack.window.from);
  const to = utcIso(lookBack.window.to);
  const found: { entry: DonorEntry; donation: Donation }[] = [];
  for (const entry of await donationsOfDonor(ctx, lookBack.donorPseudonym)) {
    if (entry.collectionStart < from || entry.collectionStart > to) continue;
    const donation = await findDonation(ctx, entry.din);
    if (donation?.donorPseudonym !== lookBack.donorPseudonym || utcIso(donation.collectionStart) !== entry.collectionStart) continue;
    if (inScope(lookBack.scope, donation)) found.push({ entry, donation });
  }
  return found;
}

export async function runStep(ctx: Context, lookBack: LookBackCase): Promise<StepOutcome> {
  const now = transactionTime(ctx);
  const inWindow = await donationsInWindow(ctx, lookBack);
  const pending = inWindow.filter(({ entry }) => position(entry) > lookBack.cursor);
  const batch = pending.slice(0, DONATIONS_PER_STEP);
  // A donation recorded after the cursor passed its place (a late entry with a past collection time) is caught here.
  for (const candidate of inWindow.filter(({ entry }) => position(entry) <= lookBack.cursor)) {
    if (batch.length >= DONATIONS_PER_STEP) break;
    if (!(await isListed(ctx, lookBack.caseId, 'donation', candidate.entry.din))) batch.push(candidate);
  }

  let { itemCount, itemsDigest } = lookBack;
  const counts = { ...lookBack.counts };
  const listedNow = new Set<string>();
  const changed: ObjectRef[] = [];
  const interdicted: string[] = [];
  const list = async (kind: ItemKind, id: string, detail: Record<string, unknown>): Promise<void> => {
    itemCount += 1;
    const item = { caseId: lookBack.caseId, seq: itemCount, kind, id, detail };
    itemsDigest = chainItem(itemsDigest, item);
    await putItem(ctx, item);
    listedNow.add(`${kind}/${id}`);
    counts[kind === 'donation' ? 'donations' : kind === 'pool' ? 'pools' : 'lots'] += 1;
  };
  const unlisted = async (kind: ItemKind, id: string): Promise<boolean> =>
    !listedNow.has(`${kind}/${id}`) && !(await isListed(ctx, lookBack.caseId, kind, id));

  for (const { entry, donation } of batch) {
    const statusBefore = donation.status;
    if (statusBefore !== 'destroyed' && statusBefore !== 'interdicted') {
      const stamp = changeStamp(ctx, lookBack.reason);
      const next: Donation = advance(
        donation,
        'interdict',
        { interdiction: { caseId: lookBack.caseId, reason: lookBack.reason, at: now, statusBefore } },
        stamp,
      );
      await putDonation(ctx, next);
      changed.push({ type: 'donation', id: donation.din });
      interdicted.push(donation.din);
    }
    // The donation says which pool it went into (its own, owned record); the links only give the chunk for the proof.
    const pools: Pool[] = [];
    const proofs = [];
    const pool = donation.poolDin === undefined ? undefined : await findPool(ctx, donation.poolDin);
    if (pool !== undefined) {
      pools.push(pool);
      const link = (await poolsOfDonation(ctx, donation.din)).find(({ poolDin }) => poolDin === pool.poolDin);
      const chunk = link === undefined ? undefined : await findChunk(ctx, pool.poolDin, link.chunk);
      if (chunk?.dins.includes(donation.din)) proofs.push(membershipProof(pool, chunk, donation.din));
    }
    await list('donation', donation.din, {
      statusBefore,
      collectionStart: entry.collectionStart,
      station: donation.station,
      membershipProofs: proofs,
    });

    for (const pool of pools) {
      if (!(await unlisted('pool', pool.poolDin))) continue;
      const flagged = newPool({
        ...pool,
        lookBackCaseIds: [...pool.lookBackCaseIds, lookBack.caseId],
        lastChange: changeStamp(ctx, lookBack.reason),
      });
      await putPool(ctx, flagged);
      changed.push({ type: 'pool', id: pool.poolDin });
      await list('pool', pool.poolDin, { status: pool.status, count: pool.count, merkleRoot: pool.merkleRoot ?? null });
      for (const lotId of await lotsOfPool(ctx, pool.poolDin)) {
        if (!(await unlisted('lot', lotId))) continue;
        // The pool → lot link is a pointer: the lot must exist and be made from this pool.
        const lot = await findLot(ctx, lotId);
        if (lot === undefined || !lot.pools.includes(pool.poolDin)) continue;
        // A recalled lot is out of use already: it is listed, with where its cases went, but takes no hold.
        if (lotAllows('place-hold', lot.status)) {
          const hold = {
            kind: 'look-back' as const,
            ref: lookBack.caseId,
            reason: lookBack.reason,
            since: now,
            placedBy: lookBack.scope.mspId,
          };
          await putLot(ctx, advanceLot(lot, 'place-hold', withHold(lot, hold), changeStamp(ctx, lookBack.reason)));
          await indexLookBackOfLot(ctx, lotId, lookBack.caseId);
          changed.push({ type: 'lot', id: lotId });
        }
        const cases = await casesOfLot(ctx, lotId);
        const shipped = cases
          .filter(({ status }) => status === 'shipped')
          .map(({ caseCode, count, shipment }) => ({ caseCode, count, ...shipment }));
        await list('lot', lotId, {
          statusBefore: lot.status,
          unitCount: lot.unitCount,
          packedCases: cases.length - shipped.length,
          shippedCases: shipped,
        });
      }
    }
  }

  const furthest = pending
    .slice(0, DONATIONS_PER_STEP)
    .map(({ entry }) => position(entry))
    .pop();
  const cursor = furthest ?? lookBack.cursor;
  // Complete when every donation of the window is listed: none after the cursor, none skipped before it.
  let done = true;
  for (const { entry } of inWindow) {
    const listed =
      listedNow.has(`donation/${entry.din}`) ||
      (position(entry) <= cursor && (await isListed(ctx, lookBack.caseId, 'donation', entry.din)));
    if (!listed) {
      done = false;
      break;
    }
  }
  return {
    lookBack: {
      ...lookBack,
      cursor,
      counts,
      itemCount,
      itemsDigest,
      steps: lookBack.steps + 1,
      status: done ? 'complete' : 'in-progress',
      ...(done ? { completedAt: now } : {}),
      lastChange: changeStamp(ctx, lookBack.reason),
    },
    changed,
    interdicted,
  };
}
