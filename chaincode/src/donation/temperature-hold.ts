// The one temperature-hold transition, whoever reports the excursion: the custodian by hand
// (Donation:RecordTemperatureExcursion) or its device gateway with anchored evidence (ColdChain:RaiseExcursion).
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { changeStamp } from '../ledger/change';
import { transactionTime } from '../time';
import type { Donation, Excursion } from './donation';
import { ruleSetOfDonation } from './donation-rules';
import { advance } from './life-cycle';

/**
 * The donations put on hold for `excursion`, each counting one excursion more; refused unless warmer than the limit.
 * Who may report it is each caller's rule: the custodian by hand, or the device's site with anchored evidence that
 * the bags were in its freezer, or travelling with its reefer logger, during the excursion.
 */
export async function holdForExcursion(ctx: Context, donations: readonly Donation[], excursion: Excursion): Promise<Donation[]> {
  const now = transactionTime(ctx);
  const held: Donation[] = [];
  for (const donation of donations) {
    const { storageLimitC, jurisdiction } = await ruleSetOfDonation(ctx, donation);
    if (excursion.maxTemperatureC <= storageLimitC) {
      throw new ValidationError('excursion.maxTemperatureC', `must be warmer than the ${jurisdiction} storage limit of ${storageLimitC} °C to be an excursion`);
    }
    held.push(advance(donation, 'hold', {
      hold: { kind: 'temperature', from: donation.status, since: now, excursion },
      excursionCount: (donation.excursionCount ?? 0) + 1,
    }, changeStamp(ctx)));
  }
  return held;
}
