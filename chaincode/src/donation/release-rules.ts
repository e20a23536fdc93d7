// When a donation may leave quarantine: the jurisdiction's hold period served, and a later donation of the
// same donor screened negative (the donor was not in a window period when the first bag was collected).
import type { Context } from 'fabric-contract-api';
import { ConflictError } from '../errors';
import type { RuleSet } from '../rules/rule-set';
import { addDays, utcIso } from '../time';
import type { Donation, DonationRelease } from './donation';
import { findDonation } from './donation-store';
import { donationsOfDonor } from './donor-index';

export async function assessRelease(ctx: Context, donation: Donation, ruleSet: RuleSet, now: string): Promise<DonationRelease> {
  const holdEnds = addDays(donation.collectionEnd, ruleSet.holdDays);
  if (Date.parse(now) < Date.parse(holdEnds)) {
    throw new ConflictError(
      `donation ${donation.din} has not served the ${ruleSet.jurisdiction} hold of ${ruleSet.holdDays} days from collection; it ends at ${holdEnds}`,
    );
  }
  const collectedEnd = utcIso(donation.collectionEnd);
  for (const entry of await donationsOfDonor(ctx, donation.donorPseudonym)) {
    if (entry.din === donation.din || entry.collectionStart <= collectedEnd) continue;
    const later = await findDonation(ctx, entry.din);
    if (later?.screening?.conclusion === 'negative' && later.status !== 'interdicted') {
      return { releasedAt: now, jurisdiction: ruleSet.jurisdiction, holdDays: ruleSet.holdDays, laterNegativeDin: later.din };
    }
  }
  throw new ConflictError(`donation ${donation.din} needs a later donation of the same donor screened negative before release`);
}
