// Who may interdict a donor's plasma. A look-back stops other members' work (bags interdicted, pools marked, lots held),
// so it is opened only by those who answer for the donor: the regulator; the QA of a station that collected from the
// donor; the factory's QA for a donor whose plasma it received. Anyone else files a request (look-back-request.ts).
import type { Context } from 'fabric-contract-api';
import { callerMspId } from '../access/identity';
import { getOrganisation } from '../consortium/registry';
import { custodianOf } from '../donation/custody';
import { someDonationOfDonor } from '../donation/donor-index';
import { ForbiddenError } from '../errors';

/** Refuses unless the caller's organisation answers for the donor: the regulator, a station that collected, the factory that received. */
export async function assertMayOpenLookBack(ctx: Context, donorPseudonym: string): Promise<void> {
  const caller = await getOrganisation(ctx, callerMspId(ctx));
  if (caller.kind === 'regulator') return;
  const answers =
    caller.kind === 'station'
      ? await someDonationOfDonor(ctx, donorPseudonym, ({ station }) => station === caller.mspId)
      : await someDonationOfDonor(ctx, donorPseudonym, (donation) => custodianOf(donation) === caller.mspId);
  if (!answers) {
    const whose = caller.kind === 'station' ? 'collected from this donor' : 'received plasma of this donor';
    throw new ForbiddenError(
      `${caller.mspId} has not ${whose}; it may file a look-back request (LookBack:RequestLookBack) for the regulator or the donor's station to confirm`,
    );
  }
}

/** Refuses unless the caller may decide a request on this donor: the regulator, or a station that collected from the donor. */
export async function assertMayDecideRequest(ctx: Context, donorPseudonym: string): Promise<void> {
  const caller = await getOrganisation(ctx, callerMspId(ctx));
  if (caller.kind === 'regulator') return;
  if (caller.kind === 'station' && (await someDonationOfDonor(ctx, donorPseudonym, ({ station }) => station === caller.mspId))) return;
  throw new ForbiddenError(
    `a look-back request on this donor is decided by the regulator or a station that collected from the donor, not ${caller.mspId}`,
  );
}
