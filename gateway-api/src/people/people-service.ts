// The people of each organisation: an organisation's admin creates them (registered and enrolled with the
// organisation's own CA, role in the certificate) and lists them. Only that admin, only for that organisation.
import type { Organisation, Topology } from '@plasma/network';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { CertificateAuthority } from './certificate-authority';
import type { Identities } from './identities';
import type { KeyVault } from './key-vault';
import { checkNewPassword, hashPassword } from './passwords';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';
import { ADMIN_ROLE, grantableRoles, type PersonRole } from './roles';

export interface NewPerson {
  readonly org: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly password: string;
}

export interface PeopleService {
  createPerson(admin: Person, input: NewPerson): Promise<Person>;
  peopleOf(admin: Person, org: string): Promise<Person[]>;
}

export interface PeopleServiceOptions {
  readonly topology: Topology;
  readonly people: PeopleRepository;
  readonly identities: Identities;
  readonly vault: KeyVault;
  readonly certificateAuthorityOf: (org: string) => CertificateAuthority;
}

// Also a CA identity name and a certificate CN: lower case, no spaces or slashes.
const USERNAME = /^[a-z][a-z0-9._-]{1,63}$/;
const DISPLAY_NAME = /^\S(?:.{0,98}\S)?$/;

export function peopleService(options: Readonly<PeopleServiceOptions>): PeopleService {
  const { topology, people, identities, vault, certificateAuthorityOf } = options;

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

      const registrar = await identities.identityOf(admin);
      const enrolment = await certificateAuthorityOf(org.name).enrolNewPerson(
        {
          username: admin.username,
          mspId: registrar.mspId,
          certificate: admin.certificate,
          privateKey: registrar.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
        { username: input.username, role },
      );
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
      });
      if (created === 'taken') {
        throw new GatewayError(ErrorCode.Conflict, `${org.name} already has a person named ${input.username}`);
      }
      return created;
    },

    async peopleOf(admin, orgName) {
      return people.listOf(adminOf(admin, orgName).name);
    },
  };
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
