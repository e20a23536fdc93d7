// The one temperature-hold transition, whoever reports the excursion: the custodian by hand
// (Donation:RecordTemperatureExcursion) or its device gateway with anchored evidence (ColdChain:RaiseExcursion).
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { changeStamp } from '../ledger/change';
import { transactionTime } from '../time';
import { assertCustodian } from './custody';
import type { Donation, Excursion } from './donation';
import { ruleSetOfDonation } from './donation-rules';
import { advance } from './life-cycle';

/** The donations put on hold for `excursion`, each counting one excursion more; refused unless warmer than the limit. */
export async function holdForExcursion(ctx: Context, donations: readonly Donation[], excursion: Excursion): Promise<Donation[]> {
  const now = transactionTime(ctx);
  const held: Donation[] = [];
  for (const donation of donations) {
    assertCustodian(ctx, donation, 'record an excursion of');
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
