// A factory re-test of a donation that failed, or came out of specification: by the rule set, the bag is rejected or
// held pending the investigation; while such a result stands, the bag is neither released nor pooled.
import type { Context } from 'fabric-contract-api';
import { ConflictError } from '../errors';
import { changeStamp } from '../ledger/change';
import { standingFailures } from '../testing/assessment';
import { resultsOf, type TestResult } from '../testing/test-result';
import { transactionTime } from '../time';
import type { Donation } from './donation';
import { ruleSetOfDonation } from './donation-rules';
import { advance, allows } from './life-cycle';

/** The donation after a failed or OOS re-test `result`; unchanged when its status leaves nothing to do (already held, rejected...). */
export async function afterFailedRetest(ctx: Context, donation: Donation, result: TestResult): Promise<Donation | undefined> {
  const { failedRetest } = await ruleSetOfDonation(ctx, donation);
  const stamp = changeStamp(ctx, `re-test ${result.analyte} ${result.result}`);
  if (failedRetest === 'reject' && allows('reject-on-retest', donation.status)) return advance(donation, 'reject-on-retest', {}, stamp);
  if (failedRetest === 'hold' && allows('hold', donation.status)) {
    return advance(
      donation,
      'hold',
      { hold: { kind: 'retest', from: donation.status, since: transactionTime(ctx), resultId: result.resultId } },
      stamp,
    );
  }
  return undefined;
}

/** Refuses to release or pool a donation against which a failed or out-of-specification re-test stands. */
export async function assertNoStandingFailure(ctx: Context, donation: Donation, action: string): Promise<void> {
  const failures = standingFailures(await resultsOf(ctx, 'donation', donation.din));
  if (failures.length > 0) {
    throw new ConflictError(
      `donation ${donation.din} may not be ${action}: re-test ${failures.map(({ resultId, analyte }) => `${resultId} (${analyte})`).join(', ')} ` +
        'failed or is out of specification and has not been invalidated',
    );
  }
}
