// The role matrix applied on the ledger: the caller's role attribute, and the kind of its organisation as the
// consortium registry says (never as its certificate claims).
import type { Context } from 'fabric-contract-api';
import type { OrganisationKind } from '../consortium/organisation-kind';
import { findOrganisation } from '../consortium/registry';
import { ForbiddenError } from '../errors';
import { ANY_CHANNEL_MEMBER, permissionOf } from './roles';

const either = (values: readonly string[]): string => values.join(' or ');

/** Throws FORBIDDEN unless the caller's role attribute and organisation kind may call `transaction`. */
export async function authorise(ctx: Context, transaction: string): Promise<void> {
  const permission = permissionOf(transaction);
  if (permission === undefined) {
    throw new ForbiddenError(`${transaction} is not in the role matrix, and unlisted transactions are refused`);
  }

  const mspId = ctx.clientIdentity.getMSPID();
  const role = ctx.clientIdentity.getAttributeValue('role');
  const forRole = permission.filter((candidate) => (candidate.roles as readonly (string | null)[]).includes(role));
  if (forRole.length === 0) {
    const held = role === null ? 'no role attribute' : `role ${role}`;
    const roles = [...new Set(permission.flatMap((candidate) => candidate.roles))];
    throw new ForbiddenError(`${transaction} requires role ${either(roles)}; the caller from ${mspId} has ${held}`);
  }

  if (forRole.some((candidate) => candidate.kinds === ANY_CHANNEL_MEMBER)) {
    return;
  }
  const organisation = await findOrganisation(ctx, mspId);
  if (organisation === undefined) {
    throw new ForbiddenError(`${transaction} requires a member organisation; ${mspId} is not registered in the consortium`);
  }
  const kinds = [...new Set(forRole.flatMap((candidate) => candidate.kinds as readonly OrganisationKind[]))];
  if (!kinds.includes(organisation.kind)) {
    const forWhom = permission.length > 1 ? ` for role ${role}` : '';
    throw new ForbiddenError(
      `${transaction} requires an organisation of kind ${either(kinds)}${forWhom}; ${mspId} is a ${organisation.kind}`,
    );
  }
}
