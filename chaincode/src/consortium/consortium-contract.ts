// The Consortium contract: registers the member organisations once, and answers who is who.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { ConflictError, NotFoundError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { emitEvent, EventName } from '../ledger/events';
import { readOrganisations } from './organisation';
import { findOrganisation, isConsortiumInitialised, listOrganisations, registerConsortium } from './registry';

@Info({ title: 'Consortium', description: 'Member organisations (stations, factories, regulators) and their facilities' })
export class ConsortiumContract extends AuthorisedContract {
  constructor() {
    super('Consortium');
  }

  /**
   * Registers the organisations from a JSON array of `{ mspId, name, kind, facilities? }`.
   * The launcher runs it once, right after deploy; later changes go through governed rule changes, not this call.
   */
  @Transaction()
  @Returns('string')
  async InitConsortium(ctx: Context, organisationsJson: string): Promise<string> {
    if (await isConsortiumInitialised(ctx)) {
      throw new ConflictError('the consortium is already initialised; later changes go through governed rule changes');
    }
    const organisations = readOrganisations(organisationsJson);
    await registerConsortium(ctx, organisations);
    emitEvent(ctx, EventName.ConsortiumInitialised, 'consortium', { organisations });
    return toCanonicalJson(organisations);
  }

  @Transaction(false)
  @Returns('string')
  async GetOrganisation(ctx: Context, mspId: string): Promise<string> {
    const organisation = await findOrganisation(ctx, mspId);
    if (organisation === undefined) {
      throw new NotFoundError(`organisation ${mspId} is not registered in the consortium`);
    }
    return toCanonicalJson(organisation);
  }

  /** Every organisation, ordered by MSP ID. */
  @Transaction(false)
  @Returns('string')
  async ListOrganisations(ctx: Context): Promise<string> {
    return toCanonicalJson(await listOrganisations(ctx));
  }
}
