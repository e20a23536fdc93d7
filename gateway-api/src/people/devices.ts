// The devices whose keys sign for a person (issue 13): the key is made in the person's browser, which sends only a
// certificate request; the organisation's CA issues the certificate through this gateway, which keeps the
// certificate and never the key. The person and their admin list and revoke a person's devices; a revoked device's
// certificate is revoked at the CA and signs nothing more through this gateway.
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';
import type { Pool } from 'pg';
import { z } from 'zod';
import { adminUser, type Topology } from '@plasma/network';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { CertificateAuthority, Registrar } from './certificate-authority';
import type { Identities } from './identities';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';
import { ADMIN_ROLE } from './roles';

export interface Device {
  readonly id: string;
  readonly personId: string;
  readonly label: string;
  /** PEM of the certificate the CA issued for the device's key. */
  readonly certificate: string;
  /** Serial number and authority key identifier, hex: what the CA revokes the certificate by. */
  readonly serial: string;
  readonly authorityKeyId: string;
  readonly enrolledAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface DeviceService {
  /** A new device of the signed-in person, from the certificate request its browser made. */
  enrol(person: Person, label: string, certificateRequest: string): Promise<Device>;
  /** A person's devices, revoked ones included: their own, or, for their organisation's admin, anyone's of it. */
  devicesOf(viewer: Person, owner: Person): Promise<Device[]>;
  /** Revokes a device at the CA and here: by the person it belongs to, or their organisation's admin. */
  revoke(by: Person, deviceId: string): Promise<Device>;
  /** The person's own device, not revoked, to sign with now. */
  deviceToSignWith(person: Person, deviceId: string): Promise<Device>;
}

export interface DeviceServiceOptions {
  readonly topology: Topology;
  readonly pool: Pool;
  readonly people: PeopleRepository;
  readonly identities: Identities;
  readonly certificateAuthorityOf: (org: string) => CertificateAuthority;
}

/** A PKCS#10 request of one P-256 key is some 500 characters of PEM. */
const MAX_REQUEST_LENGTH = 4096;
const LABEL = /^\S(?:.{0,62}\S)?$/u;
/** Devices a person may hold at once: a phone, a laptop, a spare, with room for a few more. */
const MAX_ACTIVE_DEVICES = 10;

const deviceRow = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  label: z.string(),
  certificate: z.string(),
  serial: z.string(),
  authority_key_id: z.string(),
  enrolled_at: z.date(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});
const DEVICE_COLUMNS = 'id, person_id, label, certificate, serial, authority_key_id, enrolled_at, last_used_at, revoked_at';

function deviceFromRow(row: unknown): Device {
  const d = deviceRow.parse(row);
  return {
    id: d.id,
    personId: d.person_id,
    label: d.label,
    certificate: d.certificate,
    serial: d.serial,
    authorityKeyId: d.authority_key_id,
    enrolledAt: d.enrolled_at,
    lastUsedAt: d.last_used_at,
    revokedAt: d.revoked_at,
  };
}

const UUID = z.uuid();

export function deviceService(options: Readonly<DeviceServiceOptions>): DeviceService {
  const { pool, people, identities, certificateAuthorityOf } = options;

  /** The organisation's admin identity, which the CA knows as a registrar (and revoker) of its people. */
  const registrarOf = async (org: string): Promise<Registrar> => {
    const admin = await people.find(org, adminUser);
    if (!admin) throw new Error(`the gateway of ${org} has no ${adminUser} to register devices with its CA`);
    const identity = await identities.identityOf(admin);
    return {
      username: admin.username,
      mspId: admin.mspId,
      certificate: admin.certificate,
      privateKey: identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  };

  const find = async (deviceId: string): Promise<Device | undefined> => {
    if (!UUID.safeParse(deviceId).success) return undefined;
    const { rows } = await pool.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [deviceId]);
    return rows[0] === undefined ? undefined : deviceFromRow(rows[0]);
  };

  return {
    async enrol(person, label, certificateRequest) {
      if (!LABEL.test(label)) throw validationError('label', 'must be 1 to 64 characters, without leading or trailing spaces');
      const request = await checkedRequest(certificateRequest, person.username);
      const { rows: active } = await pool.query('SELECT 1 FROM devices WHERE person_id = $1 AND revoked_at IS NULL', [person.id]);
      if (active.length >= MAX_ACTIVE_DEVICES) {
        throw new GatewayError(ErrorCode.Conflict, `${person.username} already holds ${MAX_ACTIVE_DEVICES} devices: revoke one first`);
      }
      const pem = await certificateAuthorityOf(person.org).enrolDevice(await registrarOf(person.org), person.username, certificateRequest);
      const certificate = new x509.X509Certificate(pem);
      if (!Buffer.from(certificate.publicKey.rawData).equals(Buffer.from(request.publicKey.rawData))) {
        throw new Error(`the CA of ${person.org} issued a certificate for another key than the request's`);
      }
      const authorityKeyId = certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
      if (authorityKeyId === undefined) throw new Error(`the CA of ${person.org} issued a certificate without an authority key identifier`);
      const { rows } = await pool.query(
        `INSERT INTO devices (person_id, label, certificate, serial, authority_key_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${DEVICE_COLUMNS}`,
        [person.id, label, pem, certificate.serialNumber.toLowerCase(), authorityKeyId.toLowerCase()],
      );
      return deviceFromRow(rows[0]);
    },

    async devicesOf(viewer, owner) {
      if (viewer.id !== owner.id && !(viewer.role === ADMIN_ROLE && viewer.org === owner.org)) {
        throw new GatewayError(ErrorCode.Forbidden, `${viewer.username} sees their own devices only`);
      }
      const { rows } = await pool.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE person_id = $1 ORDER BY enrolled_at`, [owner.id]);
      return rows.map(deviceFromRow);
    },

    async revoke(by, deviceId) {
      const device = await find(deviceId);
      const owner = device && (await people.findById(device.personId));
      if (!device || !owner || (by.id !== owner.id && !(by.role === ADMIN_ROLE && by.org === owner.org))) {
        // Another organisation's device, or someone else's without being their admin: as if it did not exist.
        throw new GatewayError(ErrorCode.NotFound, `no device ${deviceId} of yours or of a person you administer`);
      }
      if (device.revokedAt) return device;
      await certificateAuthorityOf(owner.org).revokeCertificate(await registrarOf(owner.org), {
        username: owner.username,
        serial: device.serial,
        authorityKeyId: device.authorityKeyId,
      });
      const { rows } = await pool.query(
        `UPDATE devices SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${DEVICE_COLUMNS}`,
        [deviceId, by.id],
      );
      return rows[0] === undefined ? ((await find(deviceId)) ?? device) : deviceFromRow(rows[0]);
    },

    async deviceToSignWith(person, deviceId) {
      const device = await find(deviceId);
      if (!device || device.personId !== person.id) throw new GatewayError(ErrorCode.NotFound, `you have no device ${deviceId}`);
      if (device.revokedAt)
        throw new GatewayError(ErrorCode.Forbidden, `device ${device.label} was revoked on ${device.revokedAt.toISOString()}`);
      await pool.query('UPDATE devices SET last_used_at = now() WHERE id = $1', [deviceId]);
      return device;
    },
  };
}

/** The request as the CA should see it: one P-256 key, proven by the request's own signature, named for the person. */
async function checkedRequest(pem: string, username: string): Promise<x509.Pkcs10CertificateRequest> {
  const field = 'certificateRequest';
  if (pem.length > MAX_REQUEST_LENGTH || !pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) {
    throw validationError(field, `must be one PEM PKCS#10 certificate request of at most ${MAX_REQUEST_LENGTH} characters`);
  }
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    throw validationError(field, 'must be a PEM PKCS#10 certificate request that can be parsed');
  }
  const algorithm = request.publicKey.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw validationError(field, 'must request a certificate for an ECDSA P-256 key, the only kind Fabric and this ledger verify');
  }
  const commonNames = request.subjectName.getField('CN');
  if (commonNames.length !== 1 || commonNames[0] !== username) {
    throw validationError(field, `must name the subject CN=${username}: a certificate carries its person's username`);
  }
  if (!(await request.verify())) throw validationError(field, 'must be signed by the key it requests a certificate for');
  return request;
}
