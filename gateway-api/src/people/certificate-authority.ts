// Each organisation's Fabric CA, through the fabric-ca-client package: an admin registers a new person
// with their role in a certificate attribute, and the gateway enrols them at once; a person's device is enrolled
// from the certificate request its browser made (the key never leaves it), and revoked by its serial number.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import FabricCAServices from 'fabric-ca-client';
import { User, Utils } from 'fabric-common';
import { z } from 'zod';
import { adminUser, caCertFile, organisation, type Topology } from '@plasma/network';
import { ErrorCode, GatewayError } from '../errors';
import type { Identities } from './identities';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';
import type { PersonRole } from './roles';

/** The CA attribute holding a person's printed full name, which the chaincode matches signatures' printed names to. */
const PRINTED_NAME_ATTRIBUTE = 'name';
/** What each certificate carries: the role always, the printed name where the person was registered with one. */
const ATTRIBUTE_REQUESTS = [
  { name: 'role', optional: false },
  { name: PRINTED_NAME_ATTRIBUTE, optional: true },
];

export interface Registrar {
  readonly username: string;
  readonly mspId: string;
  readonly certificate: string;
  readonly privateKey: string;
}

export interface Enrolment {
  readonly certificate: string;
  readonly privateKey: string;
}

export interface CertificateAuthority {
  /** 'taken' when the CA already has an identity of that name. */
  /** `printedName` goes into the `name` attribute of each of the person's certificates (chaincode: printed names). */
  enrolNewPerson(
    registrar: Registrar,
    person: { readonly username: string; readonly role: PersonRole; readonly printedName: string },
  ): Promise<Enrolment | 'taken'>;
  /**
   * A certificate for a key of the person's, from its PKCS#10 request (PEM, common name = username): same name and
   * role attribute as their others. Their CA identity takes a new one-time secret for it, which nobody keeps.
   */
  enrolDevice(registrar: Registrar, username: string, certificateRequest: string): Promise<string>;
  /**
   * The person's role attribute changed at the CA, and a new certificate carrying it, for a new key (kept by the
   * gateway as their first one was); their older certificates are the caller's to revoke.
   */
  enrolWithNewRole(registrar: Registrar, username: string, role: PersonRole): Promise<Enrolment>;
  /** The CA's certificate revocation list: PEM, base64-encoded (as a channel's MSP configuration holds it in JSON). */
  revocationList(registrar: Registrar): Promise<string>;
  /** Revokes one certificate (serial number and authority key identifier, hex) at the CA. */
  revokeCertificate(
    registrar: Registrar,
    certificate: { readonly username: string; readonly serial: string; readonly authorityKeyId: string },
  ): Promise<void>;
}

/** The organisation's admin identity, which its CA knows as a registrar (and revoker) of its people. */
export function organisationRegistrar(people: PeopleRepository, identities: Identities): (org: string) => Promise<Registrar> {
  return async (org) => {
    const admin = await people.find(org, adminUser);
    if (!admin) throw new Error(`the gateway of ${org} has no ${adminUser} to act at its CA`);
    return registrarFor(admin, identities);
  };
}

/** An admin, with the key the gateway keeps for them, as their CA's registrar. */
export async function registrarFor(admin: Person, identities: Identities): Promise<Registrar> {
  return {
    username: admin.username,
    mspId: admin.mspId,
    certificate: admin.certificate,
    privateKey: (await identities.identityOf(admin)).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

// A CA that accepts a request and never answers must not hold an enrolment (and the person's next ones) for ever.
// (fabric-common's typings leave out its configuration setter.)
(Utils as unknown as { setConfigSetting(name: string, value: unknown): void }).setConfigSetting('socket-operation-timeout', 20_000);

// Fabric CA's error code for "Identity '...' is already registered".
const ALREADY_REGISTERED = 74;

/** One client per organisation's CA, made when first needed. */
export function certificateAuthorities(topology: Topology): (org: string) => CertificateAuthority {
  const clients = new Map<string, CertificateAuthority>();
  return (orgName) => {
    let client = clients.get(orgName);
    if (!client) {
      client = certificateAuthority(topology, orgName);
      clients.set(orgName, client);
    }
    return client;
  };
}

function certificateAuthority(topology: Topology, orgName: string): CertificateAuthority {
  const { ca } = organisation(topology, orgName);
  const url = `https://${ca.host}:${ca.port}`;
  // The CA serves one CA, its default, so no CA name is needed.
  const services = new FabricCAServices(url, { trustedRoots: [readFileSync(caCertFile(orgName), 'utf8')], verify: true });

  const userOf = (registrar: Registrar): User =>
    User.createUser(registrar.username, '', registrar.mspId, registrar.certificate, registrar.privateKey);
  const unreachable = (error: unknown): unknown =>
    /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ECONNRESET/.test(String(error))
      ? new GatewayError(ErrorCode.LedgerUnavailable, `the certificate authority of ${orgName} at ${url} cannot be reached`)
      : error;

  return {
    async enrolNewPerson(registrar, person) {
      const admin = userOf(registrar);
      const enrollmentSecret = randomBytes(18).toString('base64url');
      try {
        // One enrolment only: the secret is forgotten once the certificate is issued.
        await services.register(
          {
            enrollmentID: person.username,
            enrollmentSecret,
            role: 'client',
            affiliation: '',
            maxEnrollments: 1,
            attrs: [
              { name: 'role', value: person.role, ecert: true },
              { name: PRINTED_NAME_ATTRIBUTE, value: person.printedName, ecert: true },
            ],
          },
          admin,
        );
        const enrolment = await services.enroll({
          enrollmentID: person.username,
          enrollmentSecret,
          attr_reqs: ATTRIBUTE_REQUESTS,
        });
        return { certificate: enrolment.certificate, privateKey: enrolment.key.toBytes() };
      } catch (error) {
        if (caErrorCodes(error).includes(ALREADY_REGISTERED)) return 'taken';
        throw unreachable(error);
      }
    },

    async enrolDevice(registrar, username, certificateRequest) {
      const identities = services.newIdentityService();
      const admin = userOf(registrar);
      const freshSecret = (): string => randomBytes(18).toString('base64url');
      const enrollmentSecret = freshSecret();
      try {
        // Any number of enrolments, each with a secret made for it, replaced at once by one nobody ever knows.
        await identities.update(username, { enrollmentID: username, affiliation: '', enrollmentSecret, maxEnrollments: -1 }, admin);
        const enrolment = await services.enroll({
          enrollmentID: username,
          enrollmentSecret,
          csr: certificateRequest,
          attr_reqs: ATTRIBUTE_REQUESTS,
        });
        await identities.update(username, { enrollmentID: username, affiliation: '', enrollmentSecret: freshSecret() }, admin);
        return enrolment.certificate;
      } catch (error) {
        throw unreachable(error);
      }
    },

    async enrolWithNewRole(registrar, username, role) {
      const identities = services.newIdentityService();
      const admin = userOf(registrar);
      const enrollmentSecret = randomBytes(18).toString('base64url');
      try {
        await identities.update(
          username,
          {
            enrollmentID: username,
            affiliation: '',
            attrs: [{ name: 'role', value: role, ecert: true }],
            enrollmentSecret,
            maxEnrollments: -1,
          },
          admin,
        );
        const enrolment = await services.enroll({
          enrollmentID: username,
          enrollmentSecret,
          attr_reqs: ATTRIBUTE_REQUESTS,
        });
        await identities.update(
          username,
          { enrollmentID: username, affiliation: '', enrollmentSecret: randomBytes(18).toString('base64url') },
          admin,
        );
        return { certificate: enrolment.certificate, privateKey: enrolment.key.toBytes() };
      } catch (error) {
        throw unreachable(error);
      }
    },

    async revocationList(registrar) {
      try {
        return z
          .string()
          .min(1)
          .parse(await services.generateCRL({}, userOf(registrar)));
      } catch (error) {
        throw unreachable(error);
      }
    },

    async revokeCertificate(registrar, { username, serial, authorityKeyId }) {
      try {
        await services.revoke({ enrollmentID: username, serial, aki: authorityKeyId, reason: 'cessationofoperation' }, userOf(registrar));
      } catch (error) {
        // A revocation that reached the CA before (and not this gateway's database) is done.
        if (/already revoked/i.test(String(error))) return;
        throw unreachable(error);
      }
    },
  };
}

function caErrorCodes(error: unknown): number[] {
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errors.map((e) => (e as { code?: unknown }).code).filter((c): c is number => typeof c === 'number') : [];
}
