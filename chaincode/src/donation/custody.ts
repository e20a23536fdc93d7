// Custody: which organisation holds a bag. Only the custodian records what happens to it physically.
import type { Context } from 'fabric-contract-api';
import { callerMspId } from '../access/identity';
import { ForbiddenError } from '../errors';
import type { Donation } from './donation';

/** The station until the factory receives the bag. */
export const custodianOf = (donation: Donation): string => donation.custodian ?? donation.station;

export function assertCustodian(ctx: Context, donation: Donation, action: string): void {
  const caller = callerMspId(ctx);
  const custodian = custodianOf(donation);
  if (caller !== custodian) {
    throw new ForbiddenError(`donation ${donation.din} is in the custody of ${custodian}; ${caller} may not ${action} it`);
  }
}
