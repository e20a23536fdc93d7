// The consortium registry on the ledger: one key per organisation and per facility, so look-ups never scan.
import type { Context } from 'fabric-contract-api';
import { NotFoundError } from '../errors';
import { readByPartialKey, readState, writeState } from '../ledger/state';
import { transactionTime } from '../time';
import { readObject } from '../validation';
import { MSP_ID_RULE, newOrganisation, type Organisation } from './organisation';

const ORGANISATION = 'organisation'; // organisation + mspId → Organisation
const FACILITY = 'facility'; // facility + FIN → { facility, mspId }: who owns a DIN's facility
const CONSORTIUM = 'consortium'; // written once, by InitConsortium

export async function isConsortiumInitialised(ctx: Context): Promise<boolean> {
  return (await readState(ctx, ctx.stub.createCompositeKey(CONSORTIUM, []))) !== undefined;
}

export async function registerConsortium(ctx: Context, organisations: readonly Organisation[]): Promise<void> {
  for (const organisation of organisations) {
    await writeState(ctx, ctx.stub.createCompositeKey(ORGANISATION, [organisation.mspId]), organisation);
    for (const facility of organisation.facilities) {
      await writeState(ctx, ctx.stub.createCompositeKey(FACILITY, [facility]), { facility, mspId: organisation.mspId });
    }
  }
  await writeState(ctx, ctx.stub.createCompositeKey(CONSORTIUM, []), {
    initialisedAt: transactionTime(ctx),
    initialisedTxId: ctx.stub.getTxID(),
  });
}

/** The registered organisation `mspId`; NOT_FOUND when the consortium does not know it. */
export async function getOrganisation(ctx: Context, mspId: string): Promise<Organisation> {
  const organisation = await findOrganisation(ctx, mspId);
  if (organisation === undefined) {
    throw new NotFoundError(`organisation ${mspId} is not registered in the consortium`);
  }
  return organisation;
}

export async function findOrganisation(ctx: Context, mspId: string): Promise<Organisation | undefined> {
  const state = await readState(ctx, ctx.stub.createCompositeKey(ORGANISATION, [mspId]));
  return state === undefined ? undefined : newOrganisation(state);
}

/** MSP ID of the organisation that registered this facility (FIN), if any. */
export async function findFacilityOwner(ctx: Context, facility: string): Promise<string | undefined> {
  const state = await readState(ctx, ctx.stub.createCompositeKey(FACILITY, [facility]));
  return state === undefined ? undefined : readObject(state, FACILITY, ['facility', 'mspId']).required('mspId', MSP_ID_RULE);
}

export async function listOrganisations(ctx: Context): Promise<Organisation[]> {
  return (await readByPartialKey(ctx, ORGANISATION)).map((state) => newOrganisation(state));
}
