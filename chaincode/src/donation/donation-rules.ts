// Which rule set governs a donation: that of the jurisdiction its station collects under. Batch transactions ask
// for hundreds of donations of the same station, so the answer is kept for the rest of the transaction.
import type { Context } from 'fabric-contract-api';
import { getOrganisation } from '../consortium/registry';
import { ruleSetOf, type RuleSet } from '../rules/rule-set';
import type { Donation } from './donation';

const perTransaction = new WeakMap<Context, Map<string, Promise<RuleSet>>>();

export function ruleSetOfDonation(ctx: Context, donation: Donation): Promise<RuleSet> {
  const known = perTransaction.get(ctx) ?? new Map<string, Promise<RuleSet>>();
  perTransaction.set(ctx, known);
  let ruleSet = known.get(donation.station);
  if (ruleSet === undefined) {
    ruleSet = getOrganisation(ctx, donation.station).then((station) => ruleSetOf(ctx, station));
    known.set(donation.station, ruleSet);
  }
  return ruleSet;
}
