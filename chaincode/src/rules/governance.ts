// Governed keys: a rule set may change only with the endorsement of peers of BOTH the regulator and the
// factory, whatever the chaincode-level policy says. Fabric enforces this at validation (key-level policy).
import type { Context } from 'fabric-contract-api';
import { listOrganisations } from '../consortium/registry';
import { ConflictError } from '../errors';
import { allOf, requireEndorsement } from '../ledger/endorsement';

/** MSP IDs whose peers must all endorse a change of a governed key: every regulator and every factory. */
export async function governingOrganisations(ctx: Context): Promise<string[]> {
  const organisations = await listOrganisations(ctx);
  const governing = organisations
    .filter(({ kind }) => kind === 'regulator' || kind === 'factory')
    .map(({ mspId }) => mspId)
    .sort();
  if (!organisations.some(({ kind }) => kind === 'regulator') || !organisations.some(({ kind }) => kind === 'factory')) {
    throw new ConflictError('governed rules need a regulator and a factory registered in the consortium');
  }
  return governing;
}

/** Sets the key-level endorsement policy of `key`: a peer of each governing organisation. */
export async function governKey(ctx: Context, key: string, mspIds: readonly string[]): Promise<void> {
  await requireEndorsement(ctx, key, allOf(mspIds));
}
