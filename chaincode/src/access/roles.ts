// The role matrix: who may call each transaction. The one place access rules live; anything unlisted is refused.
import type { Context } from 'fabric-contract-api';
import { findOrganisation } from '../consortium/registry';
import { ORGANISATION_KINDS, type OrganisationKind } from '../consortium/organisation';
import { ForbiddenError } from '../errors';

/** Values of the `role` attribute in enrolment certificates. */
const ROLES = ['collector', 'station-qa', 'warehouse', 'factory-qa', 'qp', 'regulator', 'inspector', 'admin'] as const;
type Role = (typeof ROLES)[number];

/**
 * Not looked up in the registry: any organisation on the channel qualifies (Fabric admits no one else).
 * For what must work before the registry exists: creating it, and reading it to see whether it exists yet.
 */
const ANY_CHANNEL_MEMBER = 'any channel member';

interface Permission {
  readonly kinds: readonly OrganisationKind[] | typeof ANY_CHANNEL_MEMBER;
  readonly roles: readonly Role[];
}

// Queries are open to every role of every member organisation: traceability is shared by design.
const QUERY: Permission = { kinds: ORGANISATION_KINDS, roles: ROLES };
const REGISTRY_QUERY: Permission = { kinds: ANY_CHANNEL_MEMBER, roles: ROLES };

/** Keyed by `Contract:Transaction`, as clients name them. */
const PERMISSIONS: ReadonlyMap<string, Permission> = new Map<string, Permission>([
  ['Consortium:InitConsortium', { kinds: ANY_CHANNEL_MEMBER, roles: ['admin'] }],
  // The launcher lists the organisations before InitConsortium to learn whether it still has to run it.
  ['Consortium:GetOrganisation', REGISTRY_QUERY],
  ['Consortium:ListOrganisations', REGISTRY_QUERY],
  ['Donation:RecordDonation', { kinds: ['station'], roles: ['collector'] }],
  ['Donation:GetDonation', QUERY],
  ['Donation:GetDonationHistory', QUERY],
]);

/** Throws FORBIDDEN unless the caller's role attribute and organisation kind may call `transaction`. */
export async function authorise(ctx: Context, transaction: string): Promise<void> {
  const permission = PERMISSIONS.get(transaction);
  if (permission === undefined) {
    throw new ForbiddenError(`${transaction} is not in the role matrix, and unlisted transactions are refused`);
  }

  const mspId = ctx.clientIdentity.getMSPID();
  const role = ctx.clientIdentity.getAttributeValue('role');
  if (!(permission.roles as readonly (string | null)[]).includes(role)) {
    const held = role === null ? 'no role attribute' : `role ${role}`;
    throw new ForbiddenError(
      `${transaction} requires role ${permission.roles.join(' or ')}; the caller from ${mspId} has ${held}`,
    );
  }

  if (permission.kinds === ANY_CHANNEL_MEMBER) {
    return;
  }
  const organisation = await findOrganisation(ctx, mspId);
  if (organisation === undefined) {
    throw new ForbiddenError(`${transaction} requires a member organisation; ${mspId} is not registered in the consortium`);
  }
  if (!permission.kinds.includes(organisation.kind)) {
    throw new ForbiddenError(
      `${transaction} requires an organisation of kind ${permission.kinds.join(' or ')}; ${mspId} is a ${organisation.kind}`,
    );
  }
}
