// A registry change proposed on the ledger and approved there one admin at a time: each organisation runs its own
// gateway with its own people's keys, so no one gateway can gather a majority's signatures for ChangeRegistry. The
// proposal keeps the change, the registry version it was made from and the digest its approvers sign (the same record
// as ChangeRegistry's), and each approval as it comes; the approval that makes them enough applies the change
// (consortium-contract.ts). A consortium record: kept under the registry's own policy, a majority of the members' peers.
import type { Context } from 'fabric-contract-api';
import { ConflictError, NotFoundError } from '../errors';
import { newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { majorityOf, requireEndorsement } from '../ledger/endorsement';
import { compositeKey } from '../ledger/keys';
import { readByPartialKey, readState, writeState } from '../ledger/state';
import { newElectronicSignatures, type ElectronicSignature } from '../signatures/signature-record';
import { ISO_INSTANT_RULE } from '../time';
import { ANY_RULE, IDENTIFIER_RULE, integerBetween, oneOf, readObject, SHA256_HEX_RULE, text, withoutUndefined } from '../validation';
import { MSP_ID_RULE } from './organisation';
import { readRegistryChange, type RegistryChange } from './registry-change';
import type { Registry } from './registry';

/** open: gathering approvals; applied: its change is the registry version `appliedVersion`; withdrawn by its proposer. */
export const REGISTRY_PROPOSAL_STATUSES = ['open', 'applied', 'withdrawn'] as const;
export type RegistryProposalStatus = (typeof REGISTRY_PROPOSAL_STATUSES)[number];

/** Who proposed: the organisation and the admin's common name. */
export interface Proposer {
  readonly mspId: string;
  readonly name: string;
}

export const PROPOSER_FIELDS = ['mspId', 'name'] as const satisfies readonly (keyof Proposer)[];

export interface RegistryChangeProposal {
  readonly proposalId: string;
  readonly change: RegistryChange;
  /** The registry version the change was made from: approvals are taken only while it is the registry's. */
  readonly fromVersion: number;
  /** SHA-256 of the record every approver signs (registryChangeRecord of the registry at fromVersion and the change). */
  readonly recordDigest: string;
  readonly status: RegistryProposalStatus;
  readonly proposedBy: Proposer;
  readonly proposedAt: string;
  /** Admins' signatures (meaning registry-change), one per organisation, in the order they came; verified when given. */
  readonly approvals: readonly ElectronicSignature[];
  /** The registry version the change became, once applied. */
  readonly appliedVersion?: number;
  /** Why it was withdrawn. */
  readonly withdrawReason?: string;
  readonly lastChange: ChangeStamp;
}

export const REGISTRY_PROPOSAL_FIELDS = [
  'proposalId',
  'change',
  'fromVersion',
  'recordDigest',
  'status',
  'proposedBy',
  'proposedAt',
  'approvals',
  'appliedVersion',
  'withdrawReason',
  'lastChange',
] as const satisfies readonly (keyof RegistryChangeProposal)[];

/** At most one approval per member organisation; a consortium of more members would need a larger bound. */
export const MAX_APPROVALS = 50;
const VERSION_RULE = integerBetween(1, 1_000_000, 'versions');

export function newRegistryChangeProposal(value: unknown): RegistryChangeProposal {
  const f = readObject(value, 'registryChangeProposal', REGISTRY_PROPOSAL_FIELDS);
  const proposer = readObject(f.required('proposedBy', ANY_RULE), f.path('proposedBy'), PROPOSER_FIELDS);
  const approvals = f.required('approvals', ANY_RULE);
  return withoutUndefined({
    proposalId: f.required('proposalId', IDENTIFIER_RULE),
    change: readRegistryChange(f.required('change', ANY_RULE), f.path('change')),
    fromVersion: f.required('fromVersion', VERSION_RULE),
    recordDigest: f.required('recordDigest', SHA256_HEX_RULE),
    status: f.required('status', oneOf(REGISTRY_PROPOSAL_STATUSES)),
    proposedBy: { mspId: proposer.required('mspId', MSP_ID_RULE), name: proposer.required('name', text(256)) },
    proposedAt: f.required('proposedAt', ISO_INSTANT_RULE),
    // Empty until the first approval: readList allows it, newElectronicSignatures asks for one at least.
    approvals:
      Array.isArray(approvals) && approvals.length === 0 ? [] : newElectronicSignatures(approvals, f.path('approvals'), MAX_APPROVALS),
    appliedVersion: f.optional('appliedVersion', VERSION_RULE),
    withdrawReason: f.optional('withdrawReason', REASON_RULE),
    lastChange: newChangeStamp(f.required('lastChange', ANY_RULE), f.path('lastChange')),
  });
}

export const registryProposalKey = (ctx: Context, proposalId: string): string => compositeKey(ctx, 'registry-proposal', [proposalId]);

export async function findRegistryChangeProposal(ctx: Context, proposalId: string): Promise<RegistryChangeProposal | undefined> {
  const state = await readState(ctx, registryProposalKey(ctx, proposalId));
  return state === undefined ? undefined : newRegistryChangeProposal(state);
}

export async function getRegistryChangeProposal(ctx: Context, proposalId: string): Promise<RegistryChangeProposal> {
  const proposal = await findRegistryChangeProposal(ctx, proposalId);
  if (proposal === undefined) throw new NotFoundError(`registry change proposal ${proposalId} is not recorded`);
  return proposal;
}

/**
 * Writes the proposal, checked, under the registry's policy for the members of `registry` (a majority of their
 * peers), so no two members can rewrite its approvals or its status.
 */
export async function putRegistryChangeProposal(
  ctx: Context,
  proposal: RegistryChangeProposal,
  registry: Registry,
): Promise<RegistryChangeProposal> {
  const checked = newRegistryChangeProposal(proposal);
  const key = registryProposalKey(ctx, checked.proposalId);
  await writeState(ctx, key, checked);
  await requireEndorsement(ctx, key, majorityOf(registry.organisations.map(({ mspId }) => mspId)));
  return checked;
}

/** Every proposal of `status` (all when undefined), by proposal id: the consortium makes few, so one range reads them. */
export async function listRegistryChangeProposals(ctx: Context, status?: RegistryProposalStatus): Promise<RegistryChangeProposal[]> {
  const proposals = (await readByPartialKey(ctx, 'registry-proposal')).map(newRegistryChangeProposal);
  return status === undefined ? proposals : proposals.filter((proposal) => proposal.status === status);
}

/** CONFLICT unless the proposal is open, naming what became of it. */
export function assertOpen(proposal: RegistryChangeProposal, action: string): void {
  if (proposal.status === 'open') return;
  const became = proposal.status === 'applied' ? `applied as registry version ${proposal.appliedVersion ?? '?'}` : 'withdrawn';
  throw new ConflictError(`registry change proposal ${proposal.proposalId} was ${became}; only an open proposal is ${action}`);
}

/**
 * CONFLICT when the registry is no longer the version the proposal was made from: another change landed meanwhile, so
 * its approvers would sign a change of a registry that is gone. Propose the change again from the registry as it is.
 */
export function assertCurrent(proposal: RegistryChangeProposal, registry: Registry): void {
  if (proposal.fromVersion === registry.version) return;
  throw new ConflictError(
    `registry change proposal ${proposal.proposalId} was made from registry version ${proposal.fromVersion}, and the registry is at version ${registry.version} now: ` +
      'another change landed meanwhile; withdraw it and propose the change again from the registry as it is',
  );
}
