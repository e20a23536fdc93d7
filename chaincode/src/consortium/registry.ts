// The consortium registry on the ledger: every member organisation, its kind, facilities, jurisdiction and CA,
// in one governed key. One key, because a key's creation is validated only by the channel's policy: entries kept
// under keys of their own could be created by any two members (a new FIN claimed, a CA registered for a member
// that has none yet). The registry is written at genesis with every founding member's endorsement and changed
// afterwards only with the signatures and endorsements of a majority (consortium-contract.ts).
import type { Context } from 'fabric-contract-api';
import { NotFoundError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { majorityOf, requireEndorsement } from '../ledger/endorsement';
import { compositeKey } from '../ledger/keys';
import { readSharedState, writeState } from '../ledger/state';
import {
  MAX_FORMER_AUTHORITIES,
  MAX_LISTED_AUTHORITIES,
  readSignatureAuthorities,
  type SignatureAuthority,
} from '../signatures/signature-authority';
import { newElectronicSignatures, type ElectronicSignature } from '../signatures/signature-record';
import { ANY_RULE, ARRAY_RULE, integerBetween, readObject, withoutUndefined } from '../validation';
import { newOrganisation, readOrganisations, type Organisation } from './organisation';

export interface Registry {
  readonly version: number;
  /** Ordered by MSP ID. */
  readonly organisations: readonly Organisation[];
  readonly reason: string;
  /** Admin signatures of a majority of the members before the change; absent at genesis (every member endorsed it). */
  readonly approvals?: readonly ElectronicSignature[];
  /**
   * Members that left, as they last stood: their people's past signatures stay verifiable against their CAs, and their
   * MSP ids are never admitted again (a majority could otherwise remove a member and re-admit its id with a CA of its
   * own choosing).
   */
  readonly former?: readonly Organisation[];
  /** The e-signature authorities the regulator accepts for release signatures (signatures/signature-authority.ts). */
  readonly signatureAuthorities?: readonly SignatureAuthority[];
  /** Authorities withdrawn from the list: signatures they vouched for before stay verifiable, new ones are refused. */
  readonly formerSignatureAuthorities?: readonly SignatureAuthority[];
  readonly lastChange: ChangeStamp;
}

export const REGISTRY_FIELDS = [
  'version',
  'organisations',
  'reason',
  'approvals',
  'former',
  'signatureAuthorities',
  'formerSignatureAuthorities',
  'lastChange',
];

export function newRegistry(value: unknown): Registry {
  const f = readObject(value, 'registry', REGISTRY_FIELDS);
  const approvals = f.optional('approvals', ANY_RULE);
  const former = f.optional('former', ARRAY_RULE);
  const authorities = (key: string, max: number, checkedAsCa: boolean): SignatureAuthority[] | undefined => {
    const list = f.optional(key, ARRAY_RULE);
    return list === undefined ? undefined : readSignatureAuthorities(list, f.path(key), max, checkedAsCa);
  };
  return withoutUndefined({
    version: f.required('version', integerBetween(1, 1_000_000, 'versions')),
    organisations: readOrganisations(f.required('organisations', ANY_RULE), f.path('organisations')),
    reason: f.required('reason', REASON_RULE),
    approvals: approvals === undefined ? undefined : newElectronicSignatures(approvals, f.path('approvals')),
    former: former === undefined ? undefined : former.map((entry, index) => newOrganisation(entry, `${f.path('former')}[${index}]`)),
    signatureAuthorities: authorities('signatureAuthorities', MAX_LISTED_AUTHORITIES, true),
    formerSignatureAuthorities: authorities('formerSignatureAuthorities', MAX_FORMER_AUTHORITIES, false),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

export const registryKey = (ctx: Context): string => compositeKey(ctx, 'consortium', []);

// Every transaction asks who its caller is, most ask again.
export const findRegistry = (ctx: Context): Promise<Registry | undefined> => readSharedState(ctx, registryKey(ctx), newRegistry);

export async function getRegistry(ctx: Context): Promise<Registry> {
  const registry = await findRegistry(ctx);
  if (registry === undefined)
    throw new NotFoundError('the consortium registry does not exist yet; the founding members create it with Consortium:InitConsortium');
  return registry;
}

/** Writes the registry, ordered, under a policy that needs a majority of its members' peers for any later change. */
export async function putRegistry(ctx: Context, registry: Registry): Promise<Registry> {
  // Ordered by code unit, never by locale: every endorsing peer must write the same bytes.
  const ordered = newRegistry({ ...registry, organisations: [...registry.organisations].sort((a, b) => byCodeUnit(a.mspId, b.mspId)) });
  const key = registryKey(ctx);
  await writeState(ctx, key, ordered);
  await requireEndorsement(ctx, key, majorityOf(ordered.organisations.map(({ mspId }) => mspId)));
  return ordered;
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
  return (await findRegistry(ctx))?.organisations.find((organisation) => organisation.mspId === mspId);
}

/** MSP ID of the organisation that registered this facility (FIN), if any. */
export async function findFacilityOwner(ctx: Context, facility: string): Promise<string | undefined> {
  return (await findRegistry(ctx))?.organisations.find(({ facilities }) => facilities.includes(facility))?.mspId;
}

export async function listOrganisations(ctx: Context): Promise<Organisation[]> {
  return [...((await findRegistry(ctx))?.organisations ?? [])];
}

/** MSP IDs of every member. */
export const memberIds = async (ctx: Context): Promise<string[]> => (await listOrganisations(ctx)).map(({ mspId }) => mspId);

/** MSP IDs of the regulators among the members. */
export const regulatorIds = async (ctx: Context): Promise<string[]> =>
  (await listOrganisations(ctx)).filter(({ kind }) => kind === 'regulator').map(({ mspId }) => mspId);

/**
 * The organisation `mspId` is or was, member or former member: what a signature recorded on the ledger is checked
 * against, since it may have been made before its signer's organisation rotated its CA or left.
 */
export async function findOrganisationEver(ctx: Context, mspId: string): Promise<Organisation | undefined> {
  const registry = await findRegistry(ctx);
  return registry?.organisations.find((o) => o.mspId === mspId) ?? registry?.former?.find((o) => o.mspId === mspId);
}

/** Regulators now or before: whose recorded signatures on lot releases and conclusions still count. */
export async function regulatorIdsEver(ctx: Context): Promise<string[]> {
  const registry = await findRegistry(ctx);
  return [...(registry?.organisations ?? []), ...(registry?.former ?? [])]
    .filter(({ kind }) => kind === 'regulator')
    .map(({ mspId }) => mspId);
}

/** Comparison by UTF-16 code unit: the same on every host, whatever its locale. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The e-signature authorities a signature is checked against: those listed now for a new signature, and for one
 * already recorded also those withdrawn since.
 */
export async function signatureAuthoritiesFor(ctx: Context, recorded: boolean): Promise<SignatureAuthority[]> {
  const registry = await findRegistry(ctx);
  return [...(registry?.signatureAuthorities ?? []), ...(recorded ? (registry?.formerSignatureAuthorities ?? []) : [])];
}
