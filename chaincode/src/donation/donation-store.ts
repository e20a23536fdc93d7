// Reading and writing donations by DIN, singly and in batches.
import type { Context } from 'fabric-contract-api';
import { NotFoundError, ValidationError } from '../errors';
import { normaliseDinKey } from '../identifiers/din';
import { MAX_BATCH } from '../ledger/limits';
import { readState, writeState } from '../ledger/state';
import { parseJson, readList, type Rule } from '../validation';
import { donationKey, newDonation, type Donation } from './donation';
import { indexLocation } from './location-index';

export async function findDonation(ctx: Context, din13: string): Promise<Donation | undefined> {
  const state = await readState(ctx, donationKey(ctx, din13));
  return state === undefined ? undefined : newDonation(state);
}

export async function getDonation(ctx: Context, din13: string): Promise<Donation> {
  const donation = await findDonation(ctx, din13);
  if (donation === undefined) {
    throw new NotFoundError(`donation ${din13} is not recorded`);
  }
  return donation;
}

/** Writes the donation and keeps its freezer-location index in step. */
export async function putDonation(ctx: Context, donation: Donation): Promise<void> {
  await writeState(ctx, donationKey(ctx, donation.din), donation);
  await indexLocation(ctx, donation);
}

const DIN_TEXT: Rule<string> = { text: 'must be a DIN', test: (value): value is string => typeof value === 'string' };

/**
 * A JSON array of 1 to `max` DINs (each with or without its check character) as 13-character keys,
 * each at most once.
 */
export function readDins(value: unknown, field: string, max = MAX_BATCH): string[] {
  const listed = readList(value, field, DIN_TEXT, { min: 1, max });
  const seen = new Set<string>();
  return listed.map((text, index) => {
    let din: string;
    try {
      din = normaliseDinKey(text);
    } catch (error) {
      throw new ValidationError(`${field}[${index}]`, (error as ValidationError).rule);
    }
    if (seen.has(din)) {
      throw new ValidationError(`${field}[${index}]`, `repeats DIN ${din}; each DIN may appear once`);
    }
    seen.add(din);
    return din;
  });
}

export const readDinsJson = (json: string, field: string, max = MAX_BATCH): string[] => readDins(parseJson(json, field), field, max);

/** The donations of `dins`, in the same order; NOT_FOUND names the first missing DIN. */
export async function getDonations(ctx: Context, dins: readonly string[]): Promise<Donation[]> {
  const donations: Donation[] = [];
  for (const din of dins) donations.push(await getDonation(ctx, din));
  return donations;
}
