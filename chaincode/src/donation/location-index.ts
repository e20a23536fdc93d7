// Which bags sit in which station freezer: `donation-location~<station>~<location>~<din>` for every donation
// stored there, so a freezer's temperature excursion finds exactly its bags without scanning all donations.
import type { Context } from 'fabric-contract-api';
import { compositeKey } from '../ledger/keys';
import { readKeysByPartialKey } from '../ledger/state';
import type { Donation } from './donation';

const INDEX = 'donation-location';

const locationKey = (ctx: Context, station: string, location: string, din: string): string =>
  compositeKey(ctx, INDEX, [station, location, din]);

// `stored` is left only by ship, hold and interdict (life-cycle.ts); each of these leaves a trace of where it came from.
const leftStorage = (donation: Donation): boolean =>
  donation.status === 'shipped' ||
  (donation.status === 'on-hold' && donation.hold?.from === 'stored') ||
  (donation.status === 'interdicted' && donation.interdiction?.statusBefore === 'stored');

/** Keeps the index in step with a donation being written: entered on storage, removed on leaving it. */
export async function indexLocation(ctx: Context, donation: Donation): Promise<void> {
  if (donation.storage === undefined) return;
  const key = locationKey(ctx, donation.station, donation.storage.location, donation.din);
  if (donation.status === 'stored') {
    await ctx.stub.putState(key, Buffer.from(donation.din));
  } else if (leftStorage(donation)) {
    await ctx.stub.deleteState(key);
  }
}

/** DINs of the donations the station stored at `location` and that are still there, in DIN order. */
export async function dinsStoredAt(ctx: Context, station: string, location: string): Promise<string[]> {
  return (await readKeysByPartialKey(ctx, INDEX, [station, location])).map((attributes) => attributes[2]!);
}
