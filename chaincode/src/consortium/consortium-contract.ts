// The Consortium contract: the registry of member organisations, created at genesis with every founding member's
// endorsement and changed afterwards only with the electronic signatures of a majority of the members' admins: all in
// one transaction (ChangeRegistry), or gathered on the ledger one admin at a time on a proposal (registry-proposal.ts).
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { endorserOf } from '../access/endorser';
import { callerCommonName, callerMspId } from '../access/identity';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_RULE } from '../ledger/change';
import { emitEvent } from '../ledger/events';
import { parseCertificate } from '../signatures/certificate';
import {
  acceptSignature,
  acceptSignatures,
  assertDifferentOrganisations,
  isGenuineRecordedSignature,
  newElectronicSignature,
  newElectronicSignatures,
  recordDigest,
  type SignableRecord,
  type SignatureRequirement,
} from '../signatures/electronic-signature';
import { transactionTime } from '../time';
import { IDENTIFIER_RULE, oneOf, parseJson } from '../validation';
import { MSP_ID_RULE, readOrganisations } from './organisation';
import { findOrganisation, findRegistry, getRegistry, listOrganisations, putRegistry } from './registry';
import {
  applyRegistryChange,
  assertApproved,
  missingApproval,
  prepareRegistryChange,
  proposalRecord,
  readRegistryChange,
  registryChangeRecord,
  registryChangeRequirement,
  sameEntry,
  type RegistryChange,
} from './registry-change';
import {
  assertCurrent,
  assertOpen,
  findRegistryChangeProposal,
  getRegistryChangeProposal,
  listRegistryChangeProposals,
  putRegistryChangeProposal,
  REGISTRY_PROPOSAL_STATUSES,
  type RegistryChangeProposal,
} from './registry-proposal';

const readChange = (changeJson: string): RegistryChange => readRegistryChange(parseJson(changeJson, 'change'));

const readProposalId = (proposalId: string): string => {
  if (!IDENTIFIER_RULE.test(proposalId)) throw new ValidationError('proposalId', IDENTIFIER_RULE.text);
  return proposalId;
};

/**
 * The approvals a proposal holds, checked again before one more is added and they are counted: a key's first write is
 * validated by the channel's policy alone, so two colluding members could create a proposal holding approvals nobody
 * gave. Each must be a genuine signature of the proposal's record by an admin of a member, one per organisation.
 */
async function assertGenuineApprovals(
  ctx: Context,
  proposal: RegistryChangeProposal,
  record: SignableRecord,
  requirement: SignatureRequirement,
): Promise<void> {
  for (const [index, approval] of proposal.approvals.entries()) {
    const twice = proposal.approvals.findIndex(({ mspId }) => mspId === approval.mspId) !== index;
    if (twice || !(await isGenuineRecordedSignature(ctx, approval, record, requirement))) {
      throw new ConflictError(
        `registry change proposal ${proposal.proposalId} holds an approval of ${approval.mspId} that is not a genuine approval of its record; propose the change again`,
      );
    }
  }
}

@Info({ title: 'Consortium', description: 'Member organisations (stations, factories, regulators), their facilities and CAs' })
export class ConsortiumContract extends AuthorisedContract {
  constructor() {
    super('Consortium');
  }

  /**
   * Creates the registry from a JSON array of `{ mspId, name, kind, facilities?, jurisdiction?, caCertificate }`. Run
   * once, at genesis, while the chaincode's endorsement policy needs every founding member: each endorsing peer's
   * chaincode server accepts only a registry whose entry for its own organisation is exactly its organisation card,
   * so no member can describe another falsely, and whoever submits first wins nothing.
   */
  @Transaction()
  @Returns('string')
  async InitConsortium(ctx: Context, organisationsJson: string): Promise<string> {
    if ((await findRegistry(ctx)) !== undefined) {
      throw new ConflictError('the consortium is already initialised; later changes go through Consortium:ChangeRegistry');
    }
    const organisations = readOrganisations(parseJson(organisationsJson, 'organisations'));
    const own = endorserOf(ctx).organisation;
    if (own === undefined) {
      throw new ForbiddenError("this endorsing peer's chaincode server has no organisation card, so it cannot vouch for a registry");
    }
    const listed = organisations.find(({ mspId }) => mspId === own.mspId);
    if (!sameEntry(listed, own)) {
      const what = listed === undefined ? 'does not list it' : 'describes it otherwise than its organisation card';
      throw new ValidationError(
        'organisations',
        `the registry ${what}: ${own.mspId}'s peer endorses only a registry that describes ${own.mspId} as its card does`,
      );
    }
    const registry = await putRegistry(ctx, { version: 1, organisations, reason: 'founding members', lastChange: changeStamp(ctx) });
    emitEvent(ctx, 'ConsortiumInitialised', 'consortium', registry, [{ type: 'consortium', id: 'consortium' }]);
    return toCanonicalJson(registry);
  }

  /**
   * Replaces the registry with its next version (`changeJson`: `{ organisations, signatureAuthorities?, reason }`: a
   * new station, a new facility, a CA rotation, a member leaving, an e-signature authority listed or withdrawn),
   * approved by the admins of more than half of the current members with electronic signatures (meaning
   * registry-change) over GetRegistryChangeRecord of the same change, a member whose own entry changes among them, and
   * a regulator's admin when the e-signature authorities change. The registry's key-level policy needs a majority of
   * the members' peers as well.
   */
  @Transaction()
  @Returns('string')
  async ChangeRegistry(ctx: Context, changeJson: string, approvalsJson: string): Promise<string> {
    const current = await getRegistry(ctx);
    const prepared = prepareRegistryChange(current, readChange(changeJson));
    const requirement = registryChangeRequirement(current);
    const given = newElectronicSignatures(parseJson(approvalsJson, 'approvals'), 'approvals', requirement.mspIds.length);
    assertDifferentOrganisations(given, 'approvals');
    assertApproved(prepared, new Set(given.map(({ mspId }) => mspId)));
    const approvals = await acceptSignatures(ctx, given, 'approvals', prepared.record, requirement);
    const registry = await applyRegistryChange(ctx, prepared, approvals);
    emitEvent(ctx, 'RegistryChanged', 'consortium', registry, [{ type: 'consortium', id: 'consortium' }]);
    return toCanonicalJson(registry);
  }

  /**
   * Proposes a registry change (`changeJson` as ChangeRegistry takes it) for the members' admins to approve one by one
   * with ApproveRegistryChange, each from their own organisation's gateway. The change is checked as ChangeRegistry
   * checks it before any signature, so a bad one is refused now, naming the field; the proposal keeps the registry
   * version it is made from and the digest of the record its approvers sign (GetRegistryProposalRecord).
   */
  @Transaction()
  @Returns('string')
  async ProposeRegistryChange(ctx: Context, proposalId: string, changeJson: string): Promise<string> {
    const id = readProposalId(proposalId);
    const current = await getRegistry(ctx);
    const prepared = prepareRegistryChange(current, readChange(changeJson));
    if ((await findRegistryChangeProposal(ctx, id)) !== undefined) {
      throw new ConflictError(`registry change proposal ${id} already exists; a proposal is never changed, propose anew under another id`);
    }
    const proposal = await putRegistryChangeProposal(
      ctx,
      {
        proposalId: id,
        change: prepared.change,
        fromVersion: current.version,
        recordDigest: recordDigest(proposalRecord(prepared, id)),
        status: 'open',
        proposedBy: { mspId: callerMspId(ctx), name: callerCommonName(ctx) },
        proposedAt: transactionTime(ctx),
        approvals: [],
        lastChange: changeStamp(ctx, prepared.change.reason),
      },
      current,
    );
    emitEvent(ctx, 'RegistryChangeProposed', id, proposal, [{ type: 'registry-proposal', id }]);
    return toCanonicalJson(proposal);
  }

  /**
   * Adds the caller's approval of an open proposal: their own electronic signature (meaning registry-change, the signer
   * being the caller, an admin of a current member whose organisation has not approved it yet) over the record
   * GetRegistryProposalRecord gives. A proposal made from a registry version another change has replaced is refused
   * (CONFLICT). When the approvals are then enough for every rule of ChangeRegistry, this transaction applies the change
   * (RegistryChanged, the proposal `applied` with the registry version it became); otherwise the proposal stays open
   * with the approval (RegistryChangeApproved). Answers the proposal either way.
   */
  @Transaction()
  @Returns('string')
  async ApproveRegistryChange(ctx: Context, proposalId: string, signatureJson: string): Promise<string> {
    const proposal = await getRegistryChangeProposal(ctx, readProposalId(proposalId));
    assertOpen(proposal, 'approved');
    const current = await getRegistry(ctx);
    assertCurrent(proposal, current);
    const prepared = prepareRegistryChange(current, proposal.change);
    const record = proposalRecord(prepared, proposal.proposalId);
    if (recordDigest(record) !== proposal.recordDigest) {
      throw new ConflictError(`registry change proposal ${proposal.proposalId} no longer makes the record its approvers signed`);
    }
    const requirement = registryChangeRequirement(current);
    await assertGenuineApprovals(ctx, proposal, record, requirement);
    // Who signed and for whom, read before the signature is verified: an approval is its signer's own act, once per
    // organisation, so one organisation's two admins cannot count twice nor anyone present another's signature.
    const given = newElectronicSignature(parseJson(signatureJson, 'signature'), 'signature');
    if (given.mspId !== callerMspId(ctx) || given.signerName !== callerCommonName(ctx)) {
      throw new ForbiddenError(
        `an approval is presented by its signer: ${given.signerName} of ${given.mspId} signed it, ${callerCommonName(ctx)} of ${callerMspId(ctx)} presents it`,
      );
    }
    if (proposal.approvals.some(({ mspId }) => mspId === given.mspId)) {
      throw new ConflictError(
        `${given.mspId} has already approved registry change proposal ${proposal.proposalId}; each organisation approves once`,
      );
    }
    const signature = await acceptSignature(ctx, given, 'signature', record, requirement);
    const approvals = [...proposal.approvals, signature];
    const enough = missingApproval(prepared, new Set(approvals.map(({ mspId }) => mspId))) === undefined;
    const registry = enough ? await applyRegistryChange(ctx, prepared, approvals) : undefined;
    const next = await putRegistryChangeProposal(
      ctx,
      {
        ...proposal,
        approvals,
        ...(registry === undefined ? {} : { status: 'applied' as const, appliedVersion: registry.version }),
        lastChange: changeStamp(ctx),
      },
      current,
    );
    const ref = { type: 'registry-proposal' as const, id: next.proposalId };
    if (registry === undefined) emitEvent(ctx, 'RegistryChangeApproved', next.proposalId, next, [ref]);
    else emitEvent(ctx, 'RegistryChanged', 'consortium', registry, [{ type: 'consortium', id: 'consortium' }, ref]);
    return toCanonicalJson(next);
  }

  /** Withdraws an open proposal: its proposing organisation's admin only, with a reason. */
  @Transaction()
  @Returns('string')
  async WithdrawRegistryChange(ctx: Context, proposalId: string, reason: string): Promise<string> {
    const proposal = await getRegistryChangeProposal(ctx, readProposalId(proposalId));
    if (!REASON_RULE.test(reason)) throw new ValidationError('reason', REASON_RULE.text);
    if (proposal.proposedBy.mspId !== callerMspId(ctx)) {
      throw new ForbiddenError(
        `registry change proposal ${proposal.proposalId} was proposed by ${proposal.proposedBy.mspId}; only its admins withdraw it, not ${callerMspId(ctx)}`,
      );
    }
    assertOpen(proposal, 'withdrawn');
    const next = await putRegistryChangeProposal(
      ctx,
      { ...proposal, status: 'withdrawn', withdrawReason: reason, lastChange: changeStamp(ctx, reason) },
      await getRegistry(ctx),
    );
    emitEvent(ctx, 'RegistryChangeWithdrawn', next.proposalId, next, [{ type: 'registry-proposal', id: next.proposalId }]);
    return toCanonicalJson(next);
  }

  /**
   * The record an admin signs to approve proposal `proposalId`, and its digest: GetRegistryChangeRecord's of its change,
   * bound to the proposal (its id in the content), so the approval counts for this proposal alone. CONFLICT for a proposal no longer open or made from a registry version another change has replaced.
   */
  @Transaction(false)
  @Returns('string')
  async GetRegistryProposalRecord(ctx: Context, proposalId: string): Promise<string> {
    const proposal = await getRegistryChangeProposal(ctx, readProposalId(proposalId));
    assertOpen(proposal, 'approved');
    const current = await getRegistry(ctx);
    assertCurrent(proposal, current);
    const record = proposalRecord(prepareRegistryChange(current, proposal.change), proposal.proposalId);
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  @Transaction(false)
  @Returns('string')
  async GetRegistryChangeProposal(ctx: Context, proposalId: string): Promise<string> {
    return toCanonicalJson(await getRegistryChangeProposal(ctx, readProposalId(proposalId)));
  }

  /** Every proposal of `status` (open, applied or withdrawn; empty for all), by proposal id. */
  @Transaction(false)
  @Returns('string')
  async ListRegistryChangeProposals(ctx: Context, status: string): Promise<string> {
    const statusRule = oneOf(REGISTRY_PROPOSAL_STATUSES);
    if (status !== '' && !statusRule.test(status)) throw new ValidationError('status', statusRule.text);
    return toCanonicalJson(await listRegistryChangeProposals(ctx, status === '' ? undefined : status));
  }

  /** The record the members' admins sign to approve `changeJson`, and its digest. */
  @Transaction(false)
  @Returns('string')
  async GetRegistryChangeRecord(ctx: Context, changeJson: string): Promise<string> {
    const record = registryChangeRecord(await getRegistry(ctx), readChange(changeJson));
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  /** The registry as it stands: version, organisations, reason and approvals. */
  @Transaction(false)
  @Returns('string')
  async GetRegistry(ctx: Context): Promise<string> {
    return toCanonicalJson(await getRegistry(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async GetOrganisation(ctx: Context, mspId: string): Promise<string> {
    if (!MSP_ID_RULE.test(mspId)) throw new ValidationError('mspId', MSP_ID_RULE.text);
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

  /** The CA certificate the registry holds for `mspId`, with its subject and expiry. */
  @Transaction(false)
  @Returns('string')
  async GetCertificateAuthority(ctx: Context, mspId: string): Promise<string> {
    if (!MSP_ID_RULE.test(mspId)) throw new ValidationError('mspId', MSP_ID_RULE.text);
    const organisation = await findOrganisation(ctx, mspId);
    if (organisation === undefined) throw new NotFoundError(`organisation ${mspId} is not registered in the consortium`);
    const ca = parseCertificate(organisation.caCertificate, 'caCertificate');
    return toCanonicalJson({ mspId, certificate: ca.pem, subject: ca.subject, notAfter: ca.notAfter });
  }
}
