// The one temperature-hold transition, whoever reports the excursion: the custodian by hand
// (Donation:RecordTemperatureExcursion) or its device gateway with anchored evidence (ColdChain:RaiseExcursion).
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { changeStamp } from '../ledger/change';
import { transactionTime } from '../time';
import type { Donation, Excursion } from './donation';
import { ruleSetOfDonation } from './donation-rules';
import { advance } from './life-cycle';

/** A device excursion (ColdChain:RaiseExcursion) and the bags it has counted already, over all its reports. */
export interface DeviceExcursionRef {
  readonly excursionId: string;
  readonly counted: ReadonlySet<string>;
}

async function assertWarmerThanLimit(ctx: Context, donation: Donation, excursion: Excursion): Promise<void> {
  const { storageLimitC, jurisdiction } = await ruleSetOfDonation(ctx, donation);
  if (excursion.maxTemperatureC <= storageLimitC) {
    throw new ValidationError(
      'excursion.maxTemperatureC',
      `must be warmer than the ${jurisdiction} storage limit of ${storageLimitC} °C to be an excursion`,
    );
  }
}

/**
 * The donations put on hold for `excursion`, each counting one excursion more; refused unless warmer than the limit.
 * Who may report it is each caller's rule: the custodian by hand, or the device's site with anchored evidence that
 * the bags were in its freezer, or travelling with its reefer logger, during the excursion. A device excursion names
 * itself on the hold, and counts once per bag however often its reports hold it again (after a resolved hold).
 */
export async function holdForExcursion(
  ctx: Context,
  donations: readonly Donation[],
  excursion: Excursion,
  device?: DeviceExcursionRef,
): Promise<Donation[]> {
  const now = transactionTime(ctx);
  const held: Donation[] = [];
  for (const donation of donations) {
    await assertWarmerThanLimit(ctx, donation, excursion);
    const counted = device?.counted.has(donation.din) === true;
    held.push(
      advance(
        donation,
        'hold',
        {
          hold: {
            kind: 'temperature',
            from: donation.status,
            since: now,
            excursion,
            ...(device === undefined ? {} : { excursionId: device.excursionId }),
          },
          excursionCount: (donation.excursionCount ?? 0) + (counted ? 0 : 1),
        },
        changeStamp(ctx),
      ),
    );
  }
  return held;
}

/** The donations held by a device excursion, with its latest report's numbers on their hold (counted once already). */
export async function reviseExcursionHold(ctx: Context, donations: readonly Donation[], excursion: Excursion): Promise<Donation[]> {
  const revised: Donation[] = [];
  for (const donation of donations) {
    await assertWarmerThanLimit(ctx, donation, excursion);
    revised.push(advance(donation, 'revise-hold', { hold: { ...donation.hold!, excursion } }, changeStamp(ctx)));
  }
  return revised;
}
