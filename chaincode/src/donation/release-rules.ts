// When a donation may leave quarantine: the jurisdiction's hold period served, and a later donation of the same
// donor screened negative (the donor was not in a window period when the first bag was collected).
import type { Context } from 'fabric-contract-api';
import { ConflictError } from '../errors';
import type { RuleSet } from '../rules/rule-set';
import { addDays, utcIso } from '../time';
import type { Donation, DonationRelease } from './donation';
import { findDonation } from './donation-store';
import { donationsOfDonor } from './donor-index';

/**
 * Where the hold period starts: the donation's recording on the ledger, never the collection time its station states
 * (which may lie up to lateEntryHours earlier, or any time earlier for a late entry): holds count from ledger time.
 */
export const holdStart = (donation: Donation): string => donation.recordedAt;

/**
 * Whether `later` may release `held`: the same donor's donation, collected after it, recorded and screened negative
 * after it by ledger time (so a donation entered late, with a collection time of its own choosing, cannot serve), at
 * the same station unless the rule set lets another station's donation count, and not under look-back.
 */
function releases(later: Donation, held: Donation, ruleSet: RuleSet): boolean {
  const { screening } = later;
  return (
    screening?.conclusion === 'negative' &&
    later.status !== 'interdicted' &&
    (ruleSet.laterNegativeFromAnyStation || later.station === held.station) &&
    Date.parse(later.collectionStart) > Date.parse(held.collectionEnd) &&
    Date.parse(later.recordedAt) > Date.parse(held.recordedAt) &&
    held.screening !== undefined &&
    Date.parse(screening.screenedAt) > Date.parse(held.screening.screenedAt)
  );
}

export async function assessRelease(ctx: Context, donation: Donation, ruleSet: RuleSet, now: string): Promise<DonationRelease> {
  const holdEnds = addDays(holdStart(donation), ruleSet.holdDays);
  if (Date.parse(now) < Date.parse(holdEnds)) {
    const from = donation.lateEntry === undefined ? 'its recording' : 'its late recording';
    throw new ConflictError(
      `donation ${donation.din} has not served the ${ruleSet.jurisdiction} hold of ${ruleSet.holdDays} days from ${from}; it ends at ${holdEnds}`,
    );
  }
  const collectedEnd = utcIso(donation.collectionEnd);
  const laterDonations: Donation[] = [];
  for (const entry of await donationsOfDonor(ctx, donation.donorPseudonym)) {
    if (entry.din === donation.din || entry.collectionStart <= collectedEnd) continue;
    const later = await findDonation(ctx, entry.din);
    if (later !== undefined && later.donorPseudonym === donation.donorPseudonym) laterDonations.push(later);
  }
  // A later donation of the donor screened reactive, at any station, means this bag may come from a window period.
  const reactive = laterDonations.find(({ screening }) => screening?.conclusion === 'reactive');
  if (reactive !== undefined) {
    throw new ConflictError(
      `donation ${donation.din} may not be released: a later donation of the donor (${reactive.din}) was screened reactive; it goes to look-back`,
    );
  }
  const releasing = laterDonations.find((later) => releases(later, donation, ruleSet));
  if (releasing !== undefined) {
    return { releasedAt: now, jurisdiction: ruleSet.jurisdiction, holdDays: ruleSet.holdDays, laterNegativeDin: releasing.din };
  }
  const where = ruleSet.laterNegativeFromAnyStation ? '' : ` at ${donation.station}`;
  throw new ConflictError(
    `donation ${donation.din} needs a later donation of the same donor${where}, recorded and screened negative after it, before release`,
  );
}
