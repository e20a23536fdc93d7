// Roles as people call them, for headings and greetings.
export const ROLE_NAMES: Readonly<Record<string, string>> = {
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
