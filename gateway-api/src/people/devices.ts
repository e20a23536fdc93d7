// The devices whose keys sign for a person (issue 13): the key is made in the person's browser, which sends only a
// certificate request; the organisation's CA issues the certificate through this gateway, which keeps the
// certificate and never the key. A person's first device is enrolled on their password; a further one (once they have
// held one) is requested, and enrolled only when a device they hold signs its approval or their admin approves it. The
// person and their admin list and revoke a person's devices; a revoked device's certificate is revoked at the CA and
// signs nothing more through this gateway.
import { createHash, verify } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';
import type { Pool } from 'pg';
import { z } from 'zod';
import { canonicalSignature, toCanonicalJson } from '@plasma/chaincode';
import type { Topology } from '@plasma/network';
import { certificateSha256 as certificateSha256Of } from '@plasma/platform';
import { ErrorCode, GatewayError, validationError } from '../errors';
import type { CertificateAuthority, Registrar } from './certificate-authority';
import { oneAtATime } from './one-at-a-time';
import type { PeopleRepository } from './people-repository';
import type { Revocations } from './revocations';
import type { SigningSessions } from './signing-sessions';
import { actorName, type Person } from './person';
import type { SecurityLog } from './security-log';
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

/** A further device a person asked for: enrolled once a device they hold, or their admin, approves it. */
export interface DeviceRequest {
  readonly id: string;
  readonly personId: string;
  readonly label: string;
  readonly requestedAt: Date;
  readonly expiresAt: Date;
  /** Sixteen hex digits of the request's SHA-256, which the requesting browser shows too: the approver compares them. */
  readonly code: string;
  /** What a device of the person signs to approve it: canonical JSON (deviceApprovalPayload). */
  readonly approvalPayload: string;
  readonly status: 'PENDING' | 'APPROVED' | 'REFUSED' | 'EXPIRED';
  /** The device enrolled, once approved. */
  readonly deviceId: string | null;
}

/** A device of the person signing the approval of their request; none when their admin approves it. */
export interface DeviceApproval {
  readonly deviceId: string;
  /** Base64: DER, or WebCrypto's r‖s, over the request's approvalPayload. */
  readonly signature: string;
}

export interface DeviceService {
  /**
   * A new device of the signed-in person, from the certificate request its browser made: their first, or any of a kiosk
   * account's. A further one is requested (request) and approved.
   */
  enrol(person: Person, label: string, certificateRequest: string): Promise<Device>;
  /**
   * Whether a further device of `owner` must be requested and approved (they have held one and are no kiosk account):
   * for themselves and their organisation's admin.
   */
  needsApproval(viewer: Person, owner: Person): Promise<boolean>;
  /** A further device of the signed-in person, waiting for approval. */
  request(person: Person, label: string, certificateRequest: string): Promise<DeviceRequest>;
  /** Enrols a requested device: approved by a device of the person's own (`approval`), or by their admin. */
  approve(by: Person, requestId: string, approval?: DeviceApproval): Promise<Device>;
  /** Voids a request: the person's own, or, for their admin, any of the organisation's. */
  refuse(by: Person, requestId: string): Promise<DeviceRequest>;
  /** One request: the person's own, or, for their admin, any of the organisation's. */
  requestOf(viewer: Person, requestId: string): Promise<DeviceRequest>;
  /** A person's requests still waiting: their own, or, for their organisation's admin, anyone's of it. */
  pendingRequestsOf(viewer: Person, owner: Person): Promise<DeviceRequest[]>;
  /** One device: the viewer's own, or, for their organisation's admin, anyone's of it; otherwise null. */
  deviceOf(viewer: Person, deviceId: string): Promise<Device | null>;
  /** A person's devices, revoked ones included: their own, or, for their organisation's admin, anyone's of it. */
  devicesOf(viewer: Person, owner: Person): Promise<Device[]>;
  /** Revokes a device at the CA and here: by the person it belongs to, or their organisation's admin. */
  revoke(by: Person, deviceId: string): Promise<Device>;
  /** Revokes every live device of a person their admin disables (or whose role changes), and voids their requests. */
  revokeAllOf(admin: Person, owner: Person): Promise<void>;
  /** Voids a person's waiting requests: their admin reset their password, so whoever asked may have known the old one. */
  voidRequestsOf(admin: Person, owner: Person): Promise<void>;
  /** The person's own device, not revoked, to sign with now. */
  deviceToSignWith(person: Person, deviceId: string): Promise<Device>;
  /** Which of `username`'s keys (of organisation `org`) the certificate with this SHA-256 (DER) certifies. */
  keyOf(org: string, username: string, certificateSha256: string): Promise<SigningKey>;
}

/** Which key signed a transaction, as its organisation's gateway knows its people's certificates. */
export type SigningKey =
  | { readonly kind: 'DEVICE'; readonly deviceLabel: string }
  /** The key the gateway keeps for the person (a kiosk account, or before they enrolled a device). */
  | { readonly kind: 'GATEWAY' }
  /** A certificate the gateway no longer holds: an earlier role's, or the launcher's for a demo person. */
  | { readonly kind: 'OTHER' };

export interface DeviceServiceOptions {
  readonly topology: Topology;
  readonly pool: Pool;
  readonly people: PeopleRepository;
  readonly certificateAuthorityOf: (org: string) => CertificateAuthority;
  /** The organisation's registrar at its CA (organisationRegistrar). */
  readonly registrarOf: (org: string) => Promise<Registrar>;
  /** The CA's revocation list into the channel's MSP: the peers refuse a revoked device's certificate. */
  readonly revocations: Revocations;
  /** Where enrolments and revocations are recorded. */
  readonly securityLog: Pick<SecurityLog, 'record'>;
  /** Signings waiting for a device: a revoked device's are abandoned at once. */
  readonly signing: Pick<SigningSessions, 'abandon'>;
}

/** A PKCS#10 request of one P-256 key is some 500 characters of PEM. */
const MAX_REQUEST_LENGTH = 4096;
const LABEL = /^\S(?:.{0,62}\S)?$/u;
/** Devices a person may hold at once: a phone, a laptop, a spare, with room for a few more. */
const MAX_ACTIVE_DEVICES = 10;
/**
 * Enrolments of one person in a day, revoked devices included: each is a certificate at the CA that lives a year (and
 * every browser profile a tester opens is a device).
 */
const MAX_ENROLMENTS_PER_DAY = 50;

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

/** How long a device request may wait for its approval. */
const REQUEST_LIFETIME = '1 hour';
/** Requests of one person waiting at once: an attacker with the password cannot bury the real one. */
const MAX_PENDING_REQUESTS = 3;
/** Requests of one person in a day, refused and expired ones included: each is a row and a security log entry. */
const MAX_REQUESTS_PER_DAY = 10;

const requestRow = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  org: z.string(),
  username: z.string(),
  label: z.string(),
  certificate_request: z.string(),
  requested_at: z.date(),
  expires_at: z.date(),
  device_id: z.uuid().nullable(),
  refused_at: z.date().nullable(),
  expired: z.boolean(),
});
const REQUEST_SELECT = `SELECT r.id, r.person_id, p.org, p.username, r.label, r.certificate_request, r.requested_at, r.expires_at,
  r.device_id, r.refused_at, r.expires_at <= now() AS expired FROM device_requests r JOIN people p ON p.id = r.person_id`;

function requestFromRow(row: unknown): DeviceRequest {
  const r = requestRow.parse(row);
  const requestSha256 = certificateRequestSha256(r.certificate_request);
  return {
    id: r.id,
    personId: r.person_id,
    label: r.label,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    code: approvalCodeOf(requestSha256),
    approvalPayload: deviceApprovalPayload({ requestId: r.id, organisation: r.org, username: r.username, label: r.label, requestSha256 }),
    status: r.device_id !== null ? 'APPROVED' : r.refused_at !== null ? 'REFUSED' : r.expired ? 'EXPIRED' : 'PENDING',
    deviceId: r.device_id,
  };
}

/** SHA-256 (hex) of a certificate request's DER: what its approval code and approval payload name. */
function certificateRequestSha256(pem: string): string {
  return createHash('sha256')
    .update(Buffer.from(new x509.Pkcs10CertificateRequest(pem).rawData))
    .digest('hex');
}

/**
 * The code both browsers show: the first sixteen hex digits of the request's SHA-256, upper case, in fours. 64 bits, so
 * that nobody makes another request with the same code within the request's hour.
 */
export function approvalCodeOf(requestSha256: string): string {
  return (requestSha256.slice(0, 16).toUpperCase().match(/.{4}/g) ?? []).join('-');
}

/**
 * What a device of the person signs to approve a further device: canonical JSON naming what it approves, with a
 * `purpose` no record's signing payload has (and no Fabric message is JSON).
 */
export function deviceApprovalPayload(request: {
  readonly requestId: string;
  readonly organisation: string;
  readonly username: string;
  readonly label: string;
  readonly requestSha256: string;
}): string {
  return toCanonicalJson({
    purpose: 'approve-device',
    request: request.requestId,
    organisation: request.organisation,
    username: request.username,
    label: request.label,
    certificateRequestSha256: request.requestSha256,
  });
}

export function deviceService(options: Readonly<DeviceServiceOptions>): DeviceService {
  const { pool, people, certificateAuthorityOf, registrarOf, revocations, signing, securityLog } = options;
  // One enrolment of a person at a time: each sets the secret of their CA identity, and counts their devices first.
  const onePerPerson = oneAtATime();

  const revokeAtCa = async (owner: Person, device: Device): Promise<void> => {
    await certificateAuthorityOf(owner.org).revokeCertificate(await registrarOf(owner.org), {
      username: owner.username,
      serial: device.serial,
      authorityKeyId: device.authorityKeyId,
    });
  };

  const markRevoked = async (device: Device, owner: Person, by: Person): Promise<Device> => {
    const { rows } = await pool.query(
      `UPDATE devices SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${DEVICE_COLUMNS}`,
      [device.id, by.id],
    );
    signing.abandon({ deviceId: device.id }, `device ${device.label} was revoked`);
    // Revoked by another request meanwhile: that one recorded it.
    if (rows[0] === undefined) return (await find(device.id)) ?? device;
    await securityLog.record({
      event: 'device-revoked',
      actor: actorName(by),
      subject: owner.id !== by.id ? actorName(owner) : undefined,
      detail: { device: device.id, label: device.label, serial: device.serial },
    });
    return deviceFromRow(rows[0]);
  };

  const find = async (deviceId: string): Promise<Device | undefined> => {
    if (!UUID.safeParse(deviceId).success) return undefined;
    const { rows } = await pool.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [deviceId]);
    return rows[0] === undefined ? undefined : deviceFromRow(rows[0]);
  };

  /** Has the CA certify the device's key, within the person's limits, and keeps its certificate. */
  const issue = async (person: Person, label: string, request: x509.Pkcs10CertificateRequest): Promise<Device> => {
    const { rows } = await pool.query<{ active: string; today: string }>(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL) AS active, count(*) FILTER (WHERE enrolled_at > now() - interval '1 day') AS today
         FROM devices WHERE person_id = $1`,
      [person.id],
    );
    if (Number(rows[0]!.active) >= MAX_ACTIVE_DEVICES) {
      throw new GatewayError(ErrorCode.Conflict, `${person.username} already holds ${MAX_ACTIVE_DEVICES} devices: revoke one first`);
    }
    if (Number(rows[0]!.today) >= MAX_ENROLMENTS_PER_DAY) {
      throw new GatewayError(ErrorCode.RateLimited, `${person.username} enrolled ${MAX_ENROLMENTS_PER_DAY} devices in the last day`, {
        retryAfterSeconds: 3600,
      });
    }
    const registrar = await registrarOf(person.org);
    // The request as parsed, re-encoded: the CA reads exactly what was checked.
    const pem = await certificateAuthorityOf(person.org).enrolDevice(registrar, person.username, request.toString('pem'));
    const certificate = new x509.X509Certificate(pem);
    const issued = revocationIdsOf(pem);
    const problem = issuedProblem(certificate, request, person);
    if (problem !== undefined) {
      // Never left valid: a certificate this gateway would not have asked for.
      await certificateAuthorityOf(person.org).revokeCertificate(registrar, { username: person.username, ...issued });
      throw new Error(`the CA of ${person.org} issued a device certificate ${problem}; it was revoked`);
    }
    const inserted = await pool.query(
      `INSERT INTO devices (person_id, label, certificate, serial, authority_key_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${DEVICE_COLUMNS}`,
      [person.id, label, pem, issued.serial, issued.authorityKeyId],
    );
    const device = deviceFromRow(inserted.rows[0]);
    await securityLog.record({
      event: 'device-enrolled',
      actor: actorName(person),
      detail: { device: device.id, label, serial: device.serial },
    });
    return device;
  };

  /** The person's own device, not revoked, enrolled in their present role; `field` names it in a refusal. */
  const liveDeviceOf = async (person: Person, deviceId: string, field?: string): Promise<Device> => {
    const refused = (code: ErrorCode, message: string) =>
      new GatewayError(code, field ? `${field}: ${message}` : message, field ? { field } : undefined);
    const device = await find(deviceId);
    if (!device || device.personId !== person.id) throw refused(ErrorCode.NotFound, `you have no device ${deviceId}`);
    if (device.revokedAt) throw refused(ErrorCode.Forbidden, `device ${device.label} was revoked on ${device.revokedAt.toISOString()}`);
    // Enrolled in the old role while an admin changed it: its certificate says what it may sign, so it signs nothing.
    const role = roleOf(new x509.X509Certificate(device.certificate));
    if (role !== person.role) {
      throw refused(
        ErrorCode.Forbidden,
        `device ${device.label} was enrolled for role ${String(role)}; ${person.username} is now ${person.role}`,
      );
    }
    return device;
  };

  const deviceToSignWith = async (person: Person, deviceId: string): Promise<Device> => {
    const device = await liveDeviceOf(person, deviceId);
    await pool.query('UPDATE devices SET last_used_at = now() WHERE id = $1', [deviceId]);
    return device;
  };

  /** Voids the person's waiting requests: their password was reset, they were disabled or their role changed. */
  const voidRequests = async (by: Person, owner: Person, reason: string): Promise<void> => {
    const { rows } = await pool.query<{ id: string }>(
      `UPDATE device_requests SET refused_at = now(), decided_by = $2
        WHERE person_id = $1 AND device_id IS NULL AND refused_at IS NULL AND expires_at > now() RETURNING id`,
      [owner.id, by.id],
    );
    for (const { id } of rows) {
      await securityLog.record({
        event: 'device-refused',
        actor: actorName(by),
        subject: actorName(owner),
        detail: { request: id, reason },
      });
    }
  };

  const needsApproval = (person: Person): Promise<boolean> => people.holdsOwnKey(person);

  const findRequest = async (requestId: string): Promise<DeviceRequest | undefined> => {
    if (!UUID.safeParse(requestId).success) return undefined;
    const { rows } = await pool.query(`${REQUEST_SELECT} WHERE r.id = $1`, [requestId]);
    return rows[0] === undefined ? undefined : requestFromRow(rows[0]);
  };

  /** The request and its person, when `by` is that person or their admin; otherwise as if it did not exist. */
  const requestFor = async (by: Person, requestId: string): Promise<{ request: DeviceRequest; owner: Person }> => {
    const request = await findRequest(requestId);
    const owner = request && (await people.findById(request.personId));
    if (!request || !owner || !mayManage(by, owner)) {
      throw new GatewayError(ErrorCode.NotFound, `no device request ${requestId} of yours or of a person you administer`);
    }
    return { request, owner };
  };

  return {
    enrol(person, label, certificateRequest) {
      checkedLabelAndRole(label, person);
      return onePerPerson(person.id, async () => {
        const request = await checkedRequest(certificateRequest, person.username);
        if (await needsApproval(person)) {
          throw new GatewayError(
            ErrorCode.Forbidden,
            `${person.username} has held a device: a further one is requested (requestDevice) and enrolled once a device ` +
              'they hold, or their admin, approves it',
          );
        }
        return issue(person, label, request);
      });
    },

    async needsApproval(viewer, owner) {
      if (!mayManage(viewer, owner)) throw new GatewayError(ErrorCode.Forbidden, `${viewer.username} sees their own devices only`);
      return needsApproval(owner);
    },

    async deviceOf(viewer, deviceId) {
      const device = await find(deviceId);
      const owner = device && (await people.findById(device.personId));
      return device && owner && mayManage(viewer, owner) ? device : null;
    },

    request(person, label, certificateRequest) {
      checkedLabelAndRole(label, person);
      return onePerPerson(person.id, async () => {
        await checkedRequest(certificateRequest, person.username);
        const { rows } = await pool.query<{ pending: string; today: string }>(
          `SELECT count(*) FILTER (WHERE device_id IS NULL AND refused_at IS NULL AND expires_at > now()) AS pending,
                  count(*) FILTER (WHERE requested_at > now() - interval '1 day') AS today
             FROM device_requests WHERE person_id = $1`,
          [person.id],
        );
        if (Number(rows[0]!.pending) >= MAX_PENDING_REQUESTS) {
          throw new GatewayError(
            ErrorCode.Conflict,
            `${person.username} has ${MAX_PENDING_REQUESTS} device requests waiting: refuse one first`,
          );
        }
        if (Number(rows[0]!.today) >= MAX_REQUESTS_PER_DAY) {
          throw new GatewayError(ErrorCode.RateLimited, `${person.username} requested ${MAX_REQUESTS_PER_DAY} devices in the last day`, {
            retryAfterSeconds: 3600,
          });
        }
        const inserted = await pool.query<{ id: string }>(
          `INSERT INTO device_requests (person_id, label, certificate_request, expires_at) VALUES ($1, $2, $3, now() + interval '${REQUEST_LIFETIME}')
           RETURNING id`,
          [person.id, label, certificateRequest],
        );
        const request = (await findRequest(inserted.rows[0]!.id))!;
        await securityLog.record({
          event: 'device-requested',
          actor: actorName(person),
          detail: { request: request.id, label, code: request.code },
        });
        return request;
      });
    },

    async approve(by, requestId, approval) {
      const { request, owner } = await requestFor(by, requestId);
      if (owner.disabled) throw new GatewayError(ErrorCode.Forbidden, `${owner.username} is disabled: enable them first`);
      let approvedWith: Device | undefined;
      if (by.id === owner.id) {
        if (!approval) {
          throw new GatewayError(
            ErrorCode.Forbidden,
            'approval: a further device of yours is approved with a device you hold, or by your admin',
            {
              field: 'approval',
            },
          );
        }
        approvedWith = await liveDeviceOf(owner, approval.deviceId, 'approval.deviceId');
        const der = canonicalSignature(Buffer.from(approval.signature, 'base64'));
        if (!der || !verify('sha256', Buffer.from(request.approvalPayload), { key: approvedWith.certificate, dsaEncoding: 'der' }, der)) {
          // Someone with the password but not the device: worth an admin's attention.
          await securityLog.record({
            event: 'device-approval-refused',
            actor: actorName(by),
            detail: { request: request.id, approvedWith: approvedWith.id },
          });
          throw validationError('approval.signature', "must be the approving device's signature over the request's approvalPayload");
        }
      } else if (approval) {
        throw validationError('approval', "must be left out by an admin: it is the signature of a device of the request's own person");
      }
      return onePerPerson(owner.id, async () => {
        const waiting = await findRequest(request.id);
        if (waiting?.status !== 'PENDING') {
          throw new GatewayError(
            ErrorCode.Conflict,
            `device request ${request.id} is ${waiting?.status.toLowerCase() ?? 'gone'}, not waiting`,
          );
        }
        const { rows } = await pool.query<{ certificate_request: string }>(
          'SELECT certificate_request FROM device_requests WHERE id = $1',
          [request.id],
        );
        const device = await issue(owner, request.label, await checkedRequest(rows[0]!.certificate_request, owner.username));
        const decided = await pool.query(
          `UPDATE device_requests SET device_id = $2, decided_by = $3, approved_with = $4, approval_signature = $5
            WHERE id = $1 AND device_id IS NULL AND refused_at IS NULL`,
          [request.id, device.id, by.id, approvedWith?.id ?? null, approval?.signature ?? null],
        );
        if (decided.rowCount === 0) {
          // Decided meanwhile (by another process of this gateway): the certificate just issued never signs.
          await revokeAtCa(owner, device);
          await markRevoked(device, owner, by);
          await revocations.publish(owner.org);
          throw new GatewayError(ErrorCode.Conflict, `device request ${request.id} was decided while it was being approved`);
        }
        await securityLog.record({
          event: 'device-approved',
          actor: actorName(by),
          subject: owner.id !== by.id ? actorName(owner) : undefined,
          detail: {
            request: request.id,
            device: device.id,
            code: request.code,
            ...(approvedWith ? { approvedWith: approvedWith.id } : {}),
          },
        });
        return device;
      });
    },

    async refuse(by, requestId) {
      const { request, owner } = await requestFor(by, requestId);
      // Under the person's lock: never while one of their requests is being approved.
      return onePerPerson(owner.id, async () => {
        const { rowCount } = await pool.query(
          `UPDATE device_requests SET refused_at = now(), decided_by = $2
            WHERE id = $1 AND device_id IS NULL AND refused_at IS NULL AND expires_at > now()`,
          [request.id, by.id],
        );
        if (rowCount === 0) {
          const now = await findRequest(request.id);
          throw new GatewayError(ErrorCode.Conflict, `device request ${request.id} is ${now?.status.toLowerCase() ?? 'gone'}, not waiting`);
        }
        await securityLog.record({
          event: 'device-refused',
          actor: actorName(by),
          subject: owner.id !== by.id ? actorName(owner) : undefined,
          detail: { request: request.id, code: request.code },
        });
        return (await findRequest(request.id))!;
      });
    },

    async requestOf(viewer, requestId) {
      return (await requestFor(viewer, requestId)).request;
    },

    async pendingRequestsOf(viewer, owner) {
      if (!mayManage(viewer, owner)) throw new GatewayError(ErrorCode.Forbidden, `${viewer.username} sees their own device requests only`);
      const { rows } = await pool.query(
        `${REQUEST_SELECT} WHERE r.person_id = $1 AND r.device_id IS NULL AND r.refused_at IS NULL AND r.expires_at > now() ORDER BY r.requested_at`,
        [owner.id],
      );
      return rows.map(requestFromRow);
    },

    async devicesOf(viewer, owner) {
      if (!mayManage(viewer, owner)) {
        throw new GatewayError(ErrorCode.Forbidden, `${viewer.username} sees their own devices only`);
      }
      const { rows } = await pool.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE person_id = $1 ORDER BY enrolled_at`, [owner.id]);
      return rows.map(deviceFromRow);
    },

    async revoke(by, deviceId) {
      const device = await find(deviceId);
      const owner = device && (await people.findById(device.personId));
      if (!device || !owner || !mayManage(by, owner)) {
        // Another organisation's device, or someone else's without being their admin: as if it did not exist.
        throw new GatewayError(ErrorCode.NotFound, `no device ${deviceId} of yours or of a person you administer`);
      }
      // Revoked before: nothing more (asking again must not be a way to make configuration updates). A publication that
      // failed is made by the organisation's next revocation, which publishes the CA's whole list.
      if (device.revokedAt) return device;
      await revokeAtCa(owner, device);
      const revoked = await markRevoked(device, owner, by);
      await revocations.publish(owner.org);
      return revoked;
    },

    voidRequestsOf: (admin, owner) => voidRequests(admin, owner, 'password reset'),

    async revokeAllOf(admin, owner) {
      await voidRequests(admin, owner, 'devices revoked');
      const { rows } = await pool.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE person_id = $1 AND revoked_at IS NULL`, [owner.id]);
      const devices = rows.map(deviceFromRow);
      for (const device of devices) {
        await revokeAtCa(owner, device);
        await markRevoked(device, owner, admin);
      }
      if (devices.length > 0) await revocations.publish(owner.org);
    },

    deviceToSignWith,

    async keyOf(org, username, certificateSha256) {
      const { rows } = await pool.query<{ label: string | null; certificate: string }>(
        `SELECT d.label, d.certificate FROM devices d JOIN people p ON p.id = d.person_id WHERE p.org = $1 AND p.username = $2
         UNION ALL SELECT NULL, certificate FROM people WHERE org = $1 AND username = $2`,
        [org, username],
      );
      const match = rows.find((row) => certificateSha256Of(row.certificate) === certificateSha256);
      if (!match) return { kind: 'OTHER' };
      return match.label === null ? { kind: 'GATEWAY' } : { kind: 'DEVICE', deviceLabel: match.label };
    },
  };
}

/** Whether `by` may see, revoke and approve `owner`'s devices: they are that person, or the organisation's admin. */
const mayManage = (by: Person, owner: Person): boolean => by.id === owner.id || (by.role === ADMIN_ROLE && by.org === owner.org);

function checkedLabelAndRole(label: string, person: Person): void {
  if (!LABEL.test(label)) throw validationError('label', 'must be 1 to 64 characters, without leading or trailing spaces');
  // The admin's CA identity is the registrar this gateway enrols devices with; it registers people, not admins.
  if (person.role === ADMIN_ROLE) {
    throw new GatewayError(ErrorCode.Forbidden, "the organisation's admin is its CA's registrar: their key stays with the gateway");
  }
}

/**
 * The request as the CA should see it: one P-256 key, proven by the request's own signature, a subject of the person's
 * common name alone, and nothing else the CA might copy into the certificate (names, extensions, attributes): a device
 * certificate carries no host name, so it can never pass for a server.
 */
async function checkedRequest(pem: string, username: string): Promise<x509.Pkcs10CertificateRequest> {
  const field = 'certificateRequest';
  if (pem.length > MAX_REQUEST_LENGTH || pem.split('-----BEGIN').length !== 2 || !pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) {
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
  if (request.subject !== `CN=${username}`) {
    throw validationError(field, `must name the subject CN=${username} and nothing else: a certificate carries its person's username`);
  }
  if (request.attributes.length > 0 || request.extensions.length > 0) {
    throw validationError(field, 'must carry no attributes or extensions (alternative names, key usages): the CA decides those');
  }
  if (!(await request.verify())) throw validationError(field, 'must be signed by the key it requests a certificate for');
  return request;
}

/** What is wrong with a certificate the CA issued for a device request, or undefined when it is what was asked. */
function issuedProblem(certificate: x509.X509Certificate, request: x509.Pkcs10CertificateRequest, person: Person): string | undefined {
  if (!Buffer.from(certificate.publicKey.rawData).equals(Buffer.from(request.publicKey.rawData)))
    return "for another key than the request's";
  if (certificate.subjectName.getField('CN').join() !== person.username) return `for another name than ${person.username}`;
  if (certificate.getExtension(x509.SubjectAlternativeNameExtension)) return 'with alternative names';
  if (certificate.getExtension(x509.AuthorityKeyIdentifierExtension) === null) return 'without an authority key identifier';
  const role = roleOf(certificate);
  if (role !== person.role) return `with role ${String(role)}, not ${person.role}`;
  return undefined;
}

/** What a CA revokes a certificate (PEM) by: its serial number and authority key identifier, hex, lower case. */
export function revocationIdsOf(pem: string): { serial: string; authorityKeyId: string } {
  const certificate = new x509.X509Certificate(pem);
  const authorityKeyId = certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId ?? '';
  return { serial: certificate.serialNumber.toLowerCase(), authorityKeyId: authorityKeyId.toLowerCase() };
}

/** The `role` attribute Fabric CA wrote into a certificate, when it has one. */
function roleOf(certificate: x509.X509Certificate): unknown {
  const attributes = certificate.extensions.find((e) => e.type === FABRIC_ATTRIBUTES_OID);
  return attributes && (JSON.parse(Buffer.from(attributes.value).toString('utf8')) as { attrs?: { role?: unknown } }).attrs?.role;
}

/** Fabric CA writes enrolment attributes as JSON `{"attrs":{...}}` in this extension. */
const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';
