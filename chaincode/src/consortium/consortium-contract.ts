// The Consortium contract: the registry of member organisations, created at genesis with every founding member's
// endorsement and changed afterwards only with the electronic signatures of a majority of the members' admins.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { endorserOf } from '../access/endorser';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp, REASON_RULE } from '../ledger/change';
import { emitEvent } from '../ledger/events';
import { parseCertificate } from '../signatures/certificate';
import {
  acceptSignatures,
  assertDifferentOrganisations,
  newElectronicSignatures,
  recordDigest,
  type SignableRecord,
} from '../signatures/electronic-signature';
import { sameCertificate } from '../signatures/certificate';
import { MAX_FORMER_AUTHORITIES, readSignatureAuthorities, type SignatureAuthority } from '../signatures/signature-authority';
import { ANY_RULE, ARRAY_RULE, parseJson, readObject, withoutUndefined } from '../validation';
import { MSP_ID_RULE, readOrganisations, type Organisation } from './organisation';
import { findOrganisation, findRegistry, getRegistry, listOrganisations, putRegistry, type Registry } from './registry';

interface RegistryChange {
  readonly organisations: readonly Organisation[];
  /** The e-signature authorities after the change; absent, they stay as they are. */
  readonly signatureAuthorities?: readonly SignatureAuthority[];
  readonly reason: string;
}

function readChange(changeJson: string): RegistryChange {
  const f = readObject(parseJson(changeJson, 'change'), 'change', ['organisations', 'signatureAuthorities', 'reason']);
  const authorities = f.optional('signatureAuthorities', ARRAY_RULE);
  return withoutUndefined({
    organisations: readOrganisations(f.required('organisations', ANY_RULE), 'change.organisations'),
    signatureAuthorities: authorities === undefined ? undefined : readSignatureAuthorities(authorities, 'change.signatureAuthorities'),
    reason: f.required('reason', REASON_RULE),
  });
}

const nextAuthorities = (current: Registry, change: RegistryChange): readonly SignatureAuthority[] =>
  change.signatureAuthorities ?? current.signatureAuthorities ?? [];

/** What the admins sign: the registry's next version as a whole, so a signature approves exactly one change, once. */
const registryChangeRecord = (current: Registry, change: RegistryChange): SignableRecord => ({
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

const sameEntry = (a: Organisation | undefined, b: Organisation | undefined): boolean =>
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
    const change = readChange(changeJson);
    const record = registryChangeRecord(current, change);
    const members = current.organisations.map(({ mspId }) => mspId);
    const given = newElectronicSignatures(parseJson(approvalsJson, 'approvals'), 'approvals', members.length);
    assertDifferentOrganisations(given, 'approvals');
    const approvers = new Set(given.map(({ mspId }) => mspId));
    if (approvers.size * 2 <= members.length) {
      throw new ForbiddenError(
        `a registry change needs the approval of more than half of the ${members.length} members; it has ${approvers.size}`,
      );
    }
    const unapproved = alteredMembers(current, change.organisations).filter((mspId) => !approvers.has(mspId));
    if (unapproved.length > 0) {
      throw new ForbiddenError(`the change alters the entry of ${unapproved.join(', ')}, whose admin has not approved it`);
    }
    const regulators = current.organisations.filter(({ kind }) => kind === 'regulator').map(({ mspId }) => mspId);
    const regulatorApproved = regulators.some((mspId) => approvers.has(mspId));
    if (authoritiesChange(current, change) && !regulatorApproved) {
      throw new ForbiddenError(
        `the change alters the e-signature authorities the regulator accepts; an admin of ${regulators.join(' or ') || 'a regulator'} must approve it`,
      );
    }
    if (regulatorsChange(current, change) && !regulatorApproved && regulators.length > 0) {
      throw new ForbiddenError(`the change makes or unmakes a regulator; an admin of ${regulators.join(' or ')} must approve it`);
    }
    const membership = nextMembership(current, change);
    const authorities = nextSignatureAuthorities(current, change);
    const approvals = await acceptSignatures(ctx, given, 'approvals', record, {
      meaning: 'registry-change',
      roles: ['admin'],
      mspIds: members,
    });
    const registry = await putRegistry(ctx, {
      version: current.version + 1,
      ...membership,
      ...authorities,
      reason: change.reason,
      approvals,
      lastChange: changeStamp(ctx, change.reason),
    });
    emitEvent(ctx, 'RegistryChanged', 'consortium', registry, [{ type: 'consortium', id: 'consortium' }]);
    return toCanonicalJson(registry);
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
