// The people of each organisation: an organisation's admin creates them (registered and enrolled with the
// organisation's own CA, role in the certificate), lists them, disables and enables them, and gives a person who forgot
// their password a one-time code to choose a new one. Only that admin, only for that organisation.
import { randomBytes } from 'node:crypto';
import type { Organisation, Topology } from '@plasma/network';
import { ErrorCode, GatewayError, validationError } from '../errors';
import { registrarFor, type CertificateAuthority, type Registrar } from './certificate-authority';
import { revocationIdsOf, type DeviceService } from './devices';
import type { Revocations } from './revocations';
import type { SigningSessions } from './signing-sessions';
import type { Identities } from './identities';
import type { KeyVault } from './key-vault';
import { checkNewPassword, hashPassword } from './passwords';
import type { PeopleRepository } from './people-repository';
import { actorName, type Person } from './person';
import type { SecurityLog } from './security-log';
import { hashResetCode, type SessionService } from './sessions';
import { ADMIN_ROLE, grantableRoles, type PersonRole } from './roles';

export interface NewPerson {
  readonly org: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly password: string;
}

/** A one-time code the admin hands to the person, who chooses their new password with it (redeemPasswordReset). */
export interface PasswordReset {
  readonly code: string;
  readonly expiresAt: Date;
}

export interface PeopleService {
  createPerson(admin: Person, input: NewPerson): Promise<Person>;
  peopleOf(admin: Person, org: string): Promise<Person[]>;
  /** A new one-time code (any earlier one void); the person's password stops working and their sessions end. */
  resetPassword(admin: Person, org: string, username: string): Promise<PasswordReset>;
  /**
   * A new role: the CA issues a certificate with the new role attribute (for a new key the gateway keeps), the old one
   * and every device of theirs are revoked, in the channel too, and their sessions end.
   */
  changeRole(admin: Person, org: string, username: string, role: string): Promise<Person>;
  /**
   * A disabled person signs in nowhere, their sessions, subscriptions and signings end at once and their devices are
   * revoked; enabling lets them sign in again.
   */
  setDisabled(admin: Person, org: string, username: string, disabled: boolean): Promise<Person>;
  /** Makes a person a kiosk account (the gateway's key signs for them whatever devices they hold), or ends it. */
  setKiosk(admin: Person, org: string, username: string, kiosk: boolean): Promise<Person>;
}

/** How long a reset code works: a working day for the admin to hand it over. */
const RESET_CODE_LIFETIME_SECONDS = 24 * 3600;

export interface PeopleServiceOptions {
  readonly topology: Topology;
  readonly people: PeopleRepository;
  readonly identities: Identities;
  readonly vault: KeyVault;
  readonly certificateAuthorityOf: (org: string) => CertificateAuthority;
  readonly sessions: Pick<SessionService, 'endSessionsOf'>;
  /** A disabled person's devices are revoked, and their signings waiting for a device abandoned. */
  readonly devices: Pick<DeviceService, 'revokeAllOf' | 'voidRequestsOf'>;
  readonly signing: Pick<SigningSessions, 'abandon'>;
  /** A replaced certificate is refused by the peers too. */
  readonly revocations: Revocations;
  /** Where every act of an admin on a person is recorded. */
  readonly securityLog: Pick<SecurityLog, 'record'>;
}

// Also a CA identity name and a certificate CN: lower case, no spaces or slashes.
const USERNAME = /^[a-z][a-z0-9._-]{1,63}$/;
const DISPLAY_NAME = /^\S(?:.{0,98}\S)?$/;

export function peopleService(options: Readonly<PeopleServiceOptions>): PeopleService {
  const { topology, people, identities, vault, certificateAuthorityOf, sessions, devices, signing, revocations, securityLog } = options;

  const registrarFrom = (admin: Person): Promise<Registrar> => registrarFor(admin, identities);

  const adminOf = (admin: Person, orgName: string): Organisation => {
    const org = topology.organisations.find((o) => o.name === orgName || o.mspId === orgName);
    if (admin.role !== ADMIN_ROLE) {
      throw new GatewayError(ErrorCode.Forbidden, `only an organisation's admin manages its people; ${admin.username} is ${admin.role}`);
    }
    if (org?.name !== admin.org) {
      throw new GatewayError(ErrorCode.Forbidden, `the admin of ${admin.org} manages the people of ${admin.org} only, not of ${orgName}`);
    }
    return org;
  };

  return {
    async createPerson(admin, input) {
      const org = adminOf(admin, input.org);
      const role = checkNewPerson(org, input);
      if (await people.find(org.name, input.username)) {
        throw new GatewayError(ErrorCode.Conflict, `${org.name} already has a person named ${input.username}`);
      }

      const enrolment = await certificateAuthorityOf(org.name).enrolNewPerson(await registrarFrom(admin), {
        username: input.username,
        role,
        printedName: input.displayName,
      });
      if (enrolment === 'taken') {
        throw new GatewayError(
          ErrorCode.Conflict,
          `the certificate authority of ${org.name} already has an identity named ${input.username}`,
        );
      }
      const created = await people.insert({
        org: org.name,
        username: input.username,
        displayName: input.displayName,
        role,
        passwordHash: await hashPassword(input.password),
        certificate: enrolment.certificate,
        sealedKey: vault.seal(enrolment.privateKey, { org: org.name, username: input.username }),
        createdBy: admin.id,
        mustChangePassword: true,
        kiosk: false,
      });
      if (created === 'taken') {
        throw new GatewayError(ErrorCode.Conflict, `${org.name} already has a person named ${input.username}`);
      }
      await securityLog.record({ event: 'person-created', actor: actorName(admin), subject: actorName(created), detail: { role } });
      return created;
    },

    async peopleOf(admin, orgName) {
      return people.listOf(adminOf(admin, orgName).name);
    },

    async resetPassword(admin, orgName, username) {
      const person = await personOf(adminOf(admin, orgName), username);
      // 15 random bytes: 120 bits, typed from a note in 20 characters.
      const code = randomBytes(15).toString('base64url');
      // The old password stops working too: a reset also shuts out whoever may have learnt it.
      const voidPassword = await hashPassword(randomBytes(32).toString('base64url'));
      const expiresAt = await people.setResetCode(person.id, hashResetCode(code), RESET_CODE_LIFETIME_SECONDS, voidPassword);
      await sessions.endSessionsOf(person.id);
      await securityLog.record({ event: 'password-reset-issued', actor: actorName(admin), subject: actorName(person) });
      await devices.voidRequestsOf(admin, person);
      return { code, expiresAt };
    },

    async changeRole(admin, orgName, username, newRole) {
      const org = adminOf(admin, orgName);
      const person = await personOf(org, username);
      if (person.id === admin.id) throw validationError('username', 'an admin cannot change their own role');
      const roles = grantableRoles(org.kind);
      const role = roles.find((r) => r === newRole);
      if (role === undefined) throw validationError('role', `must be one of ${roles.join(', ')} in a ${org.kind} organisation`);
      if (role === person.role) return person;
      const registrar = await registrarFrom(admin);
      const ca = certificateAuthorityOf(org.name);
      const enrolment = await ca.enrolWithNewRole(registrar, person.username, role);
      const changed = await people.setRole(
        person.id,
        role,
        enrolment.certificate,
        vault.seal(enrolment.privateKey, { org: org.name, username }),
      );
      // Recorded once it is done, before the revocations that follow may fail (the error then says what is left).
      await securityLog.record({
        event: 'role-changed',
        actor: actorName(admin),
        subject: actorName(person),
        detail: { from: person.role, to: role },
      });
      await sessions.endSessionsOf(person.id);
      signing.abandon({ personId: person.id }, `${person.username}'s role changed`);
      // Every certificate with the old role: the one the gateway kept, and each device's.
      await ca.revokeCertificate(registrar, { username: person.username, ...revocationIdsOf(person.certificate) });
      await devices.revokeAllOf(admin, person);
      await revocations.publish(org.name);
      return changed;
    },

    async setDisabled(admin, orgName, username, disabled) {
      const person = await personOf(adminOf(admin, orgName), username);
      if (person.id === admin.id) throw validationError('username', 'an admin cannot disable or enable themselves');
      const changed = await people.setDisabled(person.id, disabled);
      if (disabled) {
        await sessions.endSessionsOf(person.id);
        signing.abandon({ personId: person.id }, `${person.username} was disabled`);
        // Their keys sign nothing more: enabled again, they enrol new devices.
        await devices.revokeAllOf(admin, person);
      }
      await securityLog.record({
        event: disabled ? 'person-disabled' : 'person-enabled',
        actor: actorName(admin),
        subject: actorName(person),
      });
      return changed;
    },

    async setKiosk(admin, orgName, username, kiosk) {
      const person = await personOf(adminOf(admin, orgName), username);
      if (person.role === ADMIN_ROLE) {
        throw validationError('username', "an admin is no kiosk account: the gateway keeps the admin's key as its registrar at the CA");
      }
      if (person.kiosk === kiosk) return person;
      const changed = await people.setKiosk(person.id, kiosk);
      await securityLog.record({
        event: kiosk ? 'kiosk-account-set' : 'kiosk-account-ended',
        actor: actorName(admin),
        subject: actorName(person),
      });
      return changed;
    },
  };

  async function personOf(org: Organisation, username: string): Promise<Person> {
    const person = await people.find(org.name, username);
    if (!person) throw new GatewayError(ErrorCode.NotFound, `${org.name} has no person named ${username}`);
    return person;
  }
}

/** Checks the new person's fields; returns the role, which the organisation's kind must allow. */
function checkNewPerson(org: Organisation, input: NewPerson): PersonRole {
  if (!USERNAME.test(input.username)) {
    throw validationError('username', 'must be 2 to 64 of a-z 0-9 . _ -, starting with a letter');
  }
  if (!DISPLAY_NAME.test(input.displayName)) {
    throw validationError('displayName', 'must be 1 to 100 characters, without leading or trailing spaces');
  }
  const roles = grantableRoles(org.kind);
  const role = roles.find((r) => r === input.role);
  if (role === undefined) {
    throw validationError('role', `must be one of ${roles.join(', ')} in a ${org.kind} organisation`);
  }
  checkNewPassword('password', input.password);
  return role;
}
