// The donor index: donor pseudonym → donations in collection order, for release (a later negative donation)
// and look-back (every donation in a window). A composite key per donation: no scan beyond one donor.
import type { Context } from 'fabric-contract-api';
import { compositeKey } from '../ledger/keys';
import { readKeysByPartialKey } from '../ledger/state';
import { utcIso } from '../time';
import type { Donation } from './donation';
import { findDonation } from './donation-store';

const DONOR = 'donor'; // donor + pseudonym + collection start (UTC) + DIN → {}

export interface DonorEntry {
  readonly din: string;
  /** Collection start, UTC ISO 8601 (sortable). */
  readonly collectionStart: string;
}

export async function indexDonation(ctx: Context, donation: Donation): Promise<void> {
  const key = compositeKey(ctx, DONOR, [donation.donorPseudonym, utcIso(donation.collectionStart), donation.din]);
  await ctx.stub.putState(key, Buffer.from('{}'));
}

/** Every donation of the donor, in order of collection start. */
export async function donationsOfDonor(ctx: Context, donorPseudonym: string): Promise<DonorEntry[]> {
  const keys = await readKeysByPartialKey(ctx, DONOR, [donorPseudonym]);
  return keys.map(([, collectionStart = '', din = '']) => ({ din, collectionStart }));
}

/** Whether some donation of the donor matches, read from the donation itself (the index is only a pointer). */
export async function someDonationOfDonor(
  ctx: Context,
  donorPseudonym: string,
  matches: (donation: Donation) => boolean,
): Promise<boolean> {
  for (const { din } of await donationsOfDonor(ctx, donorPseudonym)) {
    const donation = await findDonation(ctx, din);
    if (donation?.donorPseudonym === donorPseudonym && matches(donation)) return true;
  }
  return false;
}
