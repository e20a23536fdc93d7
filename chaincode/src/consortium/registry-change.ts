// A change of the consortium registry, the one place of its rules: what a change may hold (checked before anyone signs),
// what its approvers sign, who must approve it, and how it becomes the registry's next version. Consortium:ChangeRegistry
// (every signature in one transaction) and a proposal gathered on the ledger (registry-proposal.ts) both go through it.
import type { Context } from 'fabric-contract-api';
import { REGISTRY_CHANGE_SIGNER_ROLE } from '../access/roles';
import { ForbiddenError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_RULE } from '../ledger/change';
import { sameCertificate } from '../signatures/certificate';
import type { ElectronicSignature, SignableRecord, SignatureRequirement } from '../signatures/signature-record';
import { MAX_FORMER_AUTHORITIES, readSignatureAuthorities, type SignatureAuthority } from '../signatures/signature-authority';
import { ANY_RULE, ARRAY_RULE, readObject, withoutUndefined } from '../validation';
import { readOrganisations, type Organisation } from './organisation';
import { putRegistry, type Registry } from './registry';

export interface RegistryChange {
  readonly organisations: readonly Organisation[];
  /** The e-signature authorities after the change; absent, they stay as they are. */
  readonly signatureAuthorities?: readonly SignatureAuthority[];
  readonly reason: string;
}

export const REGISTRY_CHANGE_INPUT_FIELDS = ['organisations', 'signatureAuthorities', 'reason'];

/** Reads a change as a caller gives it or a proposal keeps it; errors name `name.field`. */
export function readRegistryChange(value: unknown, name = 'change'): RegistryChange {
  const f = readObject(value, name, REGISTRY_CHANGE_INPUT_FIELDS);
  const authorities = f.optional('signatureAuthorities', ARRAY_RULE);
  return withoutUndefined({
    organisations: readOrganisations(f.required('organisations', ANY_RULE), f.path('organisations')),
    signatureAuthorities: authorities === undefined ? undefined : readSignatureAuthorities(authorities, f.path('signatureAuthorities')),
    reason: f.required('reason', REASON_RULE),
  });
}

/** Who approves a registry change: an admin of a current member, with meaning registry-change. */
export const registryChangeRequirement = (current: Registry): SignatureRequirement => ({
  meaning: 'registry-change',
  roles: [REGISTRY_CHANGE_SIGNER_ROLE],
  mspIds: current.organisations.map(({ mspId }) => mspId),
});

const nextAuthorities = (current: Registry, change: RegistryChange): readonly SignatureAuthority[] =>
  change.signatureAuthorities ?? current.signatureAuthorities ?? [];

/** What the admins sign: the registry's next version as a whole, so a signature approves exactly one change, once. */
export const registryChangeRecord = (current: Registry, change: RegistryChange): SignableRecord => ({
  type: 'registry-change',
  id: 'consortium',
  content: {
    fromVersion: current.version,
    toVersion: current.version + 1,
    organisations: change.organisations,
    signatureAuthorities: nextAuthorities(current, change),
    reason: change.reason,
  },
});

/**
 * The e-signature authorities after the change, and those withdrawn so far: an authority taken off the list joins the
 * withdrawn ones (signatures it vouched for stay verifiable); one withdrawn is not listed again under the same
 * certificate, which would make the signatures made meanwhile look as if they had been accepted.
 */
function nextSignatureAuthorities(
  current: Registry,
  change: RegistryChange,
): Pick<Registry, 'signatureAuthorities' | 'formerSignatureAuthorities'> {
  const listed = nextAuthorities(current, change);
  const sameCa = (a: SignatureAuthority, b: SignatureAuthority): boolean => sameCertificate(a.certificate, b.certificate);
  const former = [...(current.formerSignatureAuthorities ?? [])];
  listed.forEach((authority, index) => {
    if (former.some((withdrawn) => sameCa(withdrawn, authority))) {
      throw new ValidationError(
        `change.signatureAuthorities[${index}].certificate`,
        `${authority.name} was withdrawn from the list; listing it again needs a new CA certificate`,
      );
    }
  });
  const withdrawn = (current.signatureAuthorities ?? []).filter((before) => !listed.some((after) => sameCa(before, after)));
  if (former.length + withdrawn.length > MAX_FORMER_AUTHORITIES) {
    throw new ValidationError(
      'change.signatureAuthorities',
      `would withdraw more e-signature authorities than the registry keeps (${MAX_FORMER_AUTHORITIES} in all)`,
    );
  }
  return withoutUndefined({
    signatureAuthorities: listed.length === 0 ? undefined : listed,
    formerSignatureAuthorities: former.length + withdrawn.length === 0 ? undefined : [...former, ...withdrawn],
  });
}

const authoritiesChange = (current: Registry, change: RegistryChange): boolean =>
  toCanonicalJson(current.signatureAuthorities ?? []) !== toCanonicalJson(nextAuthorities(current, change));

/**
 * Whether the change makes or unmakes a regulator (a member's kind to or from regulator, or a new member that is one):
 * what only a regulator's approval may do, or a majority could name itself the regulator the rules defer to.
 */
function regulatorsChange(current: Registry, change: RegistryChange): boolean {
  const regulators = (organisations: readonly Organisation[]): string =>
    organisations
      .filter(({ kind }) => kind === 'regulator')
      .map(({ mspId }) => mspId)
      .sort()
      .join(',');
  return regulators(current.organisations) !== regulators(change.organisations);
}

/** An entry as its organisation describes itself: the CAs it retired are the ledger's to keep. */
const described = ({ retiredCaCertificates: _retired, ...entry }: Organisation): Omit<Organisation, 'retiredCaCertificates'> => entry;

export const sameEntry = (a: Organisation | undefined, b: Organisation | undefined): boolean =>
  a !== undefined && b !== undefined && toCanonicalJson(described(a)) === toCanonicalJson(described(b));

/** Members whose own entry the change alters (removal aside): each must be among the approvers. */
function alteredMembers(current: Registry, next: readonly Organisation[]): string[] {
  return current.organisations
    .filter((member) => {
      const after = next.find(({ mspId }) => mspId === member.mspId);
      return after !== undefined && !sameEntry(member, after);
    })
    .map(({ mspId }) => mspId);
}

/**
 * The registry's next members and former members: a member whose CA changes keeps the one it retires (its people's
 * earlier signatures stay verifiable), a member that leaves joins the former ones, and no former member's MSP id is
 * admitted again.
 */
function nextMembership(current: Registry, change: RegistryChange): Pick<Registry, 'organisations' | 'former'> {
  const former = [...(current.former ?? [])];
  change.organisations.forEach(({ mspId, retiredCaCertificates }, index) => {
    if (retiredCaCertificates !== undefined) {
      throw new ValidationError(
        `change.organisations[${index}].retiredCaCertificates`,
        'is kept by the ledger: name only the CA in use (caCertificate)',
      );
    }
    if (former.some((left) => left.mspId === mspId)) {
      throw new ValidationError(
        `change.organisations[${index}].mspId`,
        `${mspId} left the consortium; a member joining again needs a new MSP ID`,
      );
    }
  });
  const organisations = change.organisations.map((entry) => {
    const before = current.organisations.find(({ mspId }) => mspId === entry.mspId);
    if (before === undefined || before.caCertificate === entry.caCertificate) {
      return before?.retiredCaCertificates === undefined ? entry : { ...entry, retiredCaCertificates: before.retiredCaCertificates };
    }
    return { ...entry, retiredCaCertificates: [...(before.retiredCaCertificates ?? []), before.caCertificate] };
  });
  const leaving = current.organisations.filter(({ mspId }) => !change.organisations.some((entry) => entry.mspId === mspId));
  return { organisations, former: [...former, ...leaving] };
}

/** A change checked against the registry it is made from, before anyone signs it: what it signs and what it makes. */
export interface PreparedRegistryChange {
  readonly current: Registry;
  readonly change: RegistryChange;
  readonly record: SignableRecord;
  readonly next: Pick<Registry, 'organisations' | 'former' | 'signatureAuthorities' | 'formerSignatureAuthorities'>;
}

/**
 * Everything about `change` that needs no signature: the members and authorities it makes (no former member's MSP id
 * again, no retired CA named, no withdrawn authority listed again, within the registry's bounds). VALIDATION naming
 * the field otherwise.
 */
export function prepareRegistryChange(current: Registry, change: RegistryChange): PreparedRegistryChange {
  return {
    current,
    change,
    record: registryChangeRecord(current, change),
    next: { ...nextMembership(current, change), ...nextSignatureAuthorities(current, change) },
  };
}

/**
 * What the admins approving proposal `proposalId` sign: the change's record bound to that proposal, so that an approval
 * counts for it alone: not for another proposal of the same change (one withdrawn, or one made up holding copies of
 * approvals), nor as an approval of ChangeRegistry.
 */
export const proposalRecord = ({ record }: PreparedRegistryChange, proposalId: string): SignableRecord => ({
  ...record,
  content: { ...(record.content as Record<string, unknown>), proposalId },
});

/**
 * Why the admins of `approvers` (MSP ids, each once) are not yet enough for the change, or undefined when they are:
 * more than half of the current members; every member whose own entry the change alters; a regulator when the change
 * alters the e-signature authorities or makes or unmakes a regulator.
 */
export function missingApproval({ current, change }: PreparedRegistryChange, approvers: ReadonlySet<string>): string | undefined {
  const members = current.organisations.length;
  if (approvers.size * 2 <= members) {
    return `a registry change needs the approval of more than half of the ${members} members; it has ${approvers.size}`;
  }
  const unapproved = alteredMembers(current, change.organisations).filter((mspId) => !approvers.has(mspId));
  if (unapproved.length > 0) {
    return `the change alters the entry of ${unapproved.join(', ')}, whose admin has not approved it`;
  }
  const regulators = current.organisations.filter(({ kind }) => kind === 'regulator').map(({ mspId }) => mspId);
  const regulatorApproved = regulators.some((mspId) => approvers.has(mspId));
  if (authoritiesChange(current, change) && !regulatorApproved) {
    return `the change alters the e-signature authorities the regulator accepts; an admin of ${regulators.join(' or ') || 'a regulator'} must approve it`;
  }
  if (regulatorsChange(current, change) && !regulatorApproved && regulators.length > 0) {
    return `the change makes or unmakes a regulator; an admin of ${regulators.join(' or ')} must approve it`;
  }
  return undefined;
}

/** FORBIDDEN, saying what is missing, unless the admins of `approvers` are enough for the change. */
export function assertApproved(prepared: PreparedRegistryChange, approvers: ReadonlySet<string>): void {
  const missing = missingApproval(prepared, approvers);
  if (missing !== undefined) throw new ForbiddenError(missing);
}

/**
 * Writes the registry's next version with the accepted `approvals` (verified, their use recorded, enough by
 * assertApproved): the one way a change lands, whichever transaction gathered its signatures.
 */
export function applyRegistryChange(
  ctx: Context,
  { current, change, next }: PreparedRegistryChange,
  approvals: readonly ElectronicSignature[],
): Promise<Registry> {
  return putRegistry(ctx, {
    version: current.version + 1,
    ...next,
    reason: change.reason,
    approvals,
    lastChange: changeStamp(ctx, change.reason),
  });
}
