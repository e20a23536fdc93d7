// Roles as people call them, for headings and greetings: one name for each of the chaincode's people's roles.
import type { PersonRole } from '@plasma/chaincode/browser';

const ROLE_NAMES: Readonly<Record<PersonRole, string>> = {
  collector: 'Station operator',
  'station-qa': 'Station QA',
  warehouse: 'Factory warehouse',
  production: 'Production',
  'factory-qa': 'Factory QA',
  qp: 'Qualified person',
  regulator: 'Regulator',
  inspector: 'Inspector',
  admin: 'Administrator',
};

/** The role's name, or the role itself for one this explorer does not know yet. */
export const roleName = (role: string): string => (Object.hasOwn(ROLE_NAMES, role) ? ROLE_NAMES[role as PersonRole] : role);
