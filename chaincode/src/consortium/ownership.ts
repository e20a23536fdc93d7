// Who owns a record: the member that vouches for it (a donation its station, a lot, pool, batch step or unit the
// factory, a result the laboratory that made it, a device and its readings the site that runs it). Every later change
// of an owned record needs the owner's peer and one other member's (ledger/endorsement.ts), whatever the channel's
// two-of-any policy would allow, so no two other members can rewrite it.
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import type { Organisation } from './organisation';
import { ownerAndOneOther, requireEndorsement } from '../ledger/endorsement';
import { memberIds } from './registry';

/** Refuses an id (device, shipment) that does not start with the FIN of one of `organisation`'s facilities and "-". */
export function assertCarriesOwnFin(organisation: Organisation, id: string, field: string): void {
  if (!organisation.facilities.includes(id.slice(0, 5)) || id.charAt(5) !== '-') {
    throw new ValidationError(
      field,
      `must start with the FIN of one of ${organisation.mspId}'s facilities (${organisation.facilities.join(', ')}) and "-"`,
    );
  }
}

/** Makes `owner` indispensable to every later change of `key`; call when the record is created. */
export async function ownedBy(ctx: Context, key: string, owner: string): Promise<void> {
  await requireEndorsement(ctx, key, ownerAndOneOther(owner, await memberIds(ctx)));
}
