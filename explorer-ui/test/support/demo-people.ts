// The demo people (org, username, role, password): every organisation's, as its gateway seeded them on `npm run up`,
// or seeded into a scratch database for a test of its own.
import { loadTopology } from '@plasma/network';
import { type DemoPerson, loadConfig, seedDemoPeople } from '@plasma/gateway-api';
import { demoPeopleOfAll } from '@plasma/demo';

export function demoPeople(): DemoPerson[] {
  return demoPeopleOfAll(loadTopology());
}

/** Every organisation's demo people seeded into a scratch database, their passwords written under `dir`. */
export async function seedScratchPeople(databaseUrl: string, dir: string): Promise<DemoPerson[]> {
  const people: DemoPerson[] = [];
  for (const org of loadTopology().organisations) {
    people.push(...(await seedDemoPeople({ ...loadConfig(org.name), databaseUrl, demoPeopleFile: `${dir}/${org.name}.json` })));
  }
  return people;
}

export function demoPerson(people: readonly DemoPerson[], org: string, username: string): DemoPerson {
  const person = people.find((p) => p.org === org && p.username === username);
  if (!person) throw new Error(`no demo person ${username} of ${org}: run npm run up, which seeds them`);
  return person;
}
