// A member organisation of the consortium: the state object, validated on every read and write.
import { ValidationError } from '../errors';
import { ORGANISATION_KINDS, type OrganisationKind } from './organisation-kind';
import { FIN_RULE } from '../identifiers/din';
import { DEFAULT_JURISDICTION, JURISDICTION_RULE } from '../rules/jurisdiction';
import { caCertificatePem, PEM_RULE } from '../signatures/certificate';
import { ARRAY_RULE, matching, oneOf, readList, readObject, withoutUndefined, type Rule } from '../validation';

export interface Organisation {
  readonly mspId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  /** FINs of the organisation's facilities; a DIN belongs to the organisation owning its FIN. */
  readonly facilities: readonly string[];
  /** Whose rule set governs its plasma; absent means CN (DEFAULT_JURISDICTION). */
  readonly jurisdiction?: string;
  /**
   * The root certificate of the organisation's CA (PEM): electronic signatures of its people are checked against it.
   * It is part of the governed registry, so no member can register another's CA, or replace its own, alone.
   */
  readonly caCertificate: string;
  /**
   * The CAs it used before a rotation (ChangeRegistry keeps them, newest last): signatures its people made while one of
   * them was its CA stay verifiable; new signatures need the current one.
   */
  readonly retiredCaCertificates?: readonly string[];
}

export const jurisdictionOf = (organisation: Organisation): string => organisation.jurisdiction ?? DEFAULT_JURISDICTION;

export const MSP_ID_RULE = matching(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
  'must be an MSP ID: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
);
const NAME_RULE = matching(/^\S(?:.{0,126}\S)?$/, 'must be 1 to 128 characters, without leading or trailing spaces');
const LIST_RULE: Rule<unknown[]> = { text: 'must be a JSON array of FINs', test: Array.isArray };
export const ORGANISATION_FIELDS = ['mspId', 'name', 'kind', 'facilities', 'jurisdiction', 'caCertificate', 'retiredCaCertificates'];
/** An organisation as a registry change names it: the CAs it retired are the ledger's to keep (registry-change.ts). */
export const ORGANISATION_INPUT_FIELDS = ORGANISATION_FIELDS.filter((field) => field !== 'retiredCaCertificates');

/** Validates one organisation; `name` is how errors refer to it, e.g. `organisations[2]`. */
export function newOrganisation(value: unknown, name = 'organisation'): Organisation {
  const fields = readObject(value, name, ORGANISATION_FIELDS);
  const mspId = fields.required('mspId', MSP_ID_RULE);
  const displayName = fields.required('name', NAME_RULE);
  const kind = fields.required('kind', oneOf(ORGANISATION_KINDS));
  const listed = fields.optional('facilities', LIST_RULE) ?? [];
  const jurisdiction = fields.optional('jurisdiction', JURISDICTION_RULE);
  const caCertificate = caCertificatePem(fields.required('caCertificate', PEM_RULE), fields.path('caCertificate'));
  const retired = fields.optional('retiredCaCertificates', ARRAY_RULE);
  const retiredCaCertificates =
    retired === undefined
      ? undefined
      : readList(retired, fields.path('retiredCaCertificates'), PEM_RULE, { max: 20 }).map((pem, index) =>
          caCertificatePem(pem, `${fields.path('retiredCaCertificates')}[${index}]`),
        );

  const facilities = listed.map((facility, index) => {
    const path = `${fields.path('facilities')}[${index}]`;
    if (!FIN_RULE.test(facility)) {
      throw new ValidationError(path, FIN_RULE.text);
    }
    if (listed.indexOf(facility) !== index) {
      throw new ValidationError(path, `lists facility ${facility} twice`);
    }
    return facility;
  });
  if (kind === 'station' && facilities.length === 0) {
    throw new ValidationError(fields.path('facilities'), 'a station must have at least one facility (FIN)');
  }
  return withoutUndefined({ mspId, name: displayName, kind, facilities, caCertificate, jurisdiction, retiredCaCertificates });
}

/** A registry's organisations: a non-empty array, MSP IDs and FINs each used once; errors name `name[index]`. */
export function readOrganisations(list: unknown, name = 'organisations'): Organisation[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new ValidationError(name, 'must be a non-empty JSON array of organisations');
  }
  const organisations = list.map((value, index) => newOrganisation(value, `${name}[${index}]`));

  const mspIds = new Map<string, number>();
  const facilityOwners = new Map<string, number>();
  for (const [index, { mspId, facilities }] of organisations.entries()) {
    const twin = mspIds.get(mspId);
    if (twin !== undefined) {
      throw new ValidationError(`${name}[${index}].mspId`, `${mspId} is already used by ${name}[${twin}]`);
    }
    mspIds.set(mspId, index);

    for (const [position, facility] of facilities.entries()) {
      const owner = facilityOwners.get(facility);
      if (owner !== undefined) {
        throw new ValidationError(
          `${name}[${index}].facilities[${position}]`,
          `facility ${facility} already belongs to ${name}[${owner}]; a FIN belongs to one organisation only`,
        );
      }
      facilityOwners.set(facility, index);
    }
  }
  return organisations;
}
