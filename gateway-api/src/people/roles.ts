// The roles people hold, which roles each kind of organisation may give, and how long a session of each
// role lasts: the one place these rules live on the gateway (the chaincode's role matrix decides the rest).
import { PERSON_ROLES, type OrganisationKind, type PersonRole } from '@plasma/chaincode';

/** The chaincode's list of people's roles (values of the `role` attribute in their enrolment certificates). */
export { PERSON_ROLES, type PersonRole };

export const ADMIN_ROLE: PersonRole = 'admin';

/** What an organisation's admin may give the people they create; admins themselves are enrolled by the launcher. */
const GRANTABLE_ROLES: Readonly<Record<OrganisationKind, readonly PersonRole[]>> = {
  station: ['collector', 'station-qa'],
  factory: ['warehouse', 'production', 'factory-qa', 'qp'],
  regulator: ['regulator', 'inspector'],
};

export const grantableRoles = (kind: OrganisationKind): readonly PersonRole[] => GRANTABLE_ROLES[kind];

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Session lifetime in seconds (seed 000, and 004 §7.1.1): operators at a shared workstation (collection, warehouse,
 * production) 30 minutes,
 * QA and QP a working day of 8 hours, everyone else 8 hours too.
 */
const SESSION_LIFETIME_SECONDS: Readonly<Record<PersonRole, number>> = {
  collector: 30 * MINUTE,
  warehouse: 30 * MINUTE,
  production: 30 * MINUTE,
  'station-qa': 8 * HOUR,
  'factory-qa': 8 * HOUR,
  qp: 8 * HOUR,
  regulator: 8 * HOUR,
  inspector: 8 * HOUR,
  admin: 8 * HOUR,
};

export const sessionLifetimeSeconds = (role: PersonRole): number => SESSION_LIFETIME_SECONDS[role];

export const isPersonRole = (value: string): value is PersonRole => (PERSON_ROLES as readonly string[]).includes(value);
