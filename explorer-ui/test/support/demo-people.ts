// The demo people the gateway seeded (org, username, role, password), seeding them first when no one has.
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, seedDemoPeople, type DemoPerson } from '@plasma/gateway-api';

export async function demoPeople(): Promise<DemoPerson[]> {
  const { demoPeopleFile } = loadConfig();
  if (!existsSync(demoPeopleFile)) return seedDemoPeople();
  return JSON.parse(readFileSync(demoPeopleFile, 'utf8')) as DemoPerson[];
}

export function demoPerson(people: readonly DemoPerson[], org: string, username: string): DemoPerson {
  const person = people.find((p) => p.org === org && p.username === username);
  if (!person) throw new Error(`no demo person ${username} of ${org}: run npm run up, which seeds them`);
  return person;
}
