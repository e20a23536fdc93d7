// Demo people of one organisation's gateway, for a newcomer and for the explorer's tests: the organisation's admin and
// every user of network/topology.yaml that is a person, with the identity the launcher already enrolled for them and a
// random password, listed in a file only this host's owner can read. Running it again keeps passwords that still work.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { adminUser, type Organisation, signingFiles, userIdentityDir } from '@plasma/network';
import type { GatewayConfig } from '../config';
import { createPool } from '@plasma/platform';
import { openKeyVault, type KeyVault } from './key-vault';
import { hashPassword, randomPassword, verifyPassword } from './passwords';
import { peopleRepository, type PeopleRepository } from './people-repository';
import { mspIdOf } from './person';
import { ADMIN_ROLE, isPersonRole, type PersonRole } from './roles';

const demoPerson = z.object({ org: z.string(), username: z.string(), role: z.string(), password: z.string() });
export type DemoPerson = z.infer<typeof demoPerson>;

/** Creates or refreshes the demo people of the gateway's organisation in its database and writes their passwords to its demo file. */
export async function seedDemoPeople(config: GatewayConfig): Promise<DemoPerson[]> {
  const pool = createPool(config.databaseUrl, 2);
  try {
    const people = peopleRepository(pool, mspIdOf(config.topology));
    const vault = openKeyVault(config.keyEncryptionKey);
    const known = readDemoFile(config.demoPeopleFile);
    const seeded: DemoPerson[] = [];
    for (const user of demoUsers(config.organisation)) {
      const password = await seedOne(people, vault, user, known.get(`${user.org}/${user.username}`));
      seeded.push({ ...user, password });
    }
    writeDemoFile(config.demoPeopleFile, seeded);
    return seeded;
  } finally {
    await pool.end();
  }
}

interface DemoUser {
  readonly org: string;
  readonly username: string;
  readonly role: PersonRole;
}

/** The organisation's users that are people (not its service identities), and its admin. */
function demoUsers(org: Organisation): DemoUser[] {
  return [
    { org: org.name, username: adminUser, role: ADMIN_ROLE },
    ...org.users.flatMap((u) => (isPersonRole(u.role) ? [{ org: org.name, username: u.name, role: u.role }] : [])),
  ];
}

/** Returns the person's password: the known one when it still works, else a new one. */
async function seedOne(people: PeopleRepository, vault: KeyVault, user: DemoUser, knownPassword: string | undefined): Promise<string> {
  const files = signingFiles(userIdentityDir(user.org, user.username));
  const certificate = readFileSync(files.cert, 'utf8');
  const sealedKey = vault.seal(readFileSync(files.key, 'utf8'), user);
  const existing = await people.findWithPasswordHash(user.org, user.username);
  if (!existing) {
    const password = randomPassword();
    const created = await people.insert({
      ...user,
      displayName: `${user.username} (${user.org})`,
      passwordHash: await hashPassword(password),
      certificate,
      sealedKey,
      createdBy: null,
      // The demo file hands the newcomer these passwords to sign in with; an admin's person changes theirs.
      mustChangePassword: false,
      // Their keys are on the launcher's disk as well: shared demo accounts, whose key the gateway may use whatever
      // devices they enrol. The admin's key is the gateway's registrar either way.
      kiosk: user.role !== ADMIN_ROLE,
    });
    if (created === 'taken') throw new Error(`${user.username}@${user.org} appeared while being seeded; run the seeding again`);
    return password;
  }
  // The launcher may have enrolled the user again (a new network): the ledger knows only the new certificate. Unless
  // an admin changed their role: the certificate of that change is theirs, the launcher's was revoked.
  if (existing.person.role === user.role && existing.person.certificate !== certificate) {
    await people.setCredentials(existing.person.id, certificate, sealedKey);
  }
  if (knownPassword !== undefined && (await verifyPassword(existing.passwordHash, knownPassword))) return knownPassword;
  const password = randomPassword();
  await people.setPassword(existing.person.id, await hashPassword(password));
  return password;
}

/** The demo people and their passwords as the last seeding wrote them; none when the file is missing or damaged. */
export function readDemoPeople(file: string): DemoPerson[] {
  if (!existsSync(file)) return [];
  try {
    const parsed = z.array(demoPerson).safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function readDemoFile(file: string): Map<string, string> {
  // A missing or damaged file only costs new passwords.
  return new Map(readDemoPeople(file).map((p) => [`${p.org}/${p.username}`, p.password]));
}

function writeDemoFile(file: string, people: readonly DemoPerson[]): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, `${JSON.stringify(people, null, 2)}\n`, { mode: 0o600 });
  renameSync(draft, file);
}
