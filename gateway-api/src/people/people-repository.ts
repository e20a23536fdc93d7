// SQL for the people table, and nothing else: rows in and out, parsed at the boundary.
import type { Pool } from 'pg';
import { z } from 'zod';
import { PERSON_COLUMNS, personFromRow, type Person } from './person';
import type { PersonRole } from './roles';

export interface NewPersonRow {
  readonly org: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: PersonRole;
  readonly passwordHash: string;
  readonly certificate: string;
  readonly sealedKey: Buffer;
  readonly createdBy: string | null;
  /** The password was chosen by an admin: the person changes it at the first sign-in. */
  readonly mustChangePassword: boolean;
  readonly kiosk: boolean;
}

export interface PeopleRepository {
  /** The person with their password hash, for checking a password. */
  findWithPasswordHash(org: string, username: string): Promise<{ person: Person; passwordHash: string } | undefined>;
  find(org: string, username: string): Promise<Person | undefined>;
  findById(personId: string): Promise<Person | undefined>;
  sealedKey(personId: string): Promise<Buffer>;
  /** 'taken' when the organisation already has someone of that username. */
  insert(row: NewPersonRow): Promise<Person | 'taken'>;
  listOf(org: string): Promise<Person[]>;
  /** Their own new password: any pending reset code is void, and nothing forces a change any more. */
  setPassword(personId: string, passwordHash: string): Promise<void>;
  /**
   * A one-time reset code (its hash) working for `lifetimeSeconds`, the old password replaced by `voidPasswordHash`
   * (of a password nobody knows); returns when the code stops working.
   */
  setResetCode(personId: string, codeHash: Buffer, lifetimeSeconds: number, voidPasswordHash: string): Promise<Date>;
  /**
   * The person's new password, in one step with the check of their latest live reset code (a second redemption finds
   * none); the person's id, or undefined when no such person, enabled and holding that live code, exists.
   */
  redeemResetCode(org: string, username: string, codeHash: Buffer, passwordHash: string): Promise<string | undefined>;
  setDisabled(personId: string, disabled: boolean): Promise<Person>;
  setCredentials(personId: string, certificate: string, sealedKey: Buffer): Promise<void>;
  setKiosk(personId: string, kiosk: boolean): Promise<Person>;
  /**
   * Whether the person's signing key is their own: they have enrolled a device (revoked since or not) and are no kiosk
   * account. From then on a password alone signs nothing through the key the gateway keeps and enrols no further
   * device; revoking the device (with a password alone) hands neither back.
   */
  holdsOwnKey(person: Person): Promise<boolean>;
  /** A new role, with the certificate that carries it and its key. */
  setRole(personId: string, role: PersonRole, certificate: string, sealedKey: Buffer): Promise<Person>;
}

const UNIQUE_VIOLATION = '23505';

export function peopleRepository(pool: Pool, mspIdOf: (org: string) => string): PeopleRepository {
  const toPerson = (row: unknown): Person => personFromRow(row, mspIdOf);
  return {
    async findWithPasswordHash(org, username) {
      const { rows } = await pool.query(`SELECT ${PERSON_COLUMNS}, password_hash FROM people WHERE org = $1 AND username = $2`, [
        org,
        username,
      ]);
      const row = rows[0] as Record<string, unknown> | undefined;
      return row && { person: toPerson(row), passwordHash: z.string().parse(row.password_hash) };
    },

    async find(org, username) {
      const { rows } = await pool.query<Record<string, unknown>>(`SELECT ${PERSON_COLUMNS} FROM people WHERE org = $1 AND username = $2`, [
        org,
        username,
      ]);
      return rows[0] && toPerson(rows[0]);
    },

    async findById(personId) {
      const { rows } = await pool.query<Record<string, unknown>>(`SELECT ${PERSON_COLUMNS} FROM people WHERE id = $1`, [personId]);
      return rows[0] && toPerson(rows[0]);
    },

    async sealedKey(personId) {
      const { rows } = await pool.query<{ private_key: unknown }>('SELECT private_key FROM people WHERE id = $1', [personId]);
      return z.instanceof(Buffer).parse(rows[0]?.private_key);
    },

    async insert(row) {
      try {
        const { rows } = await pool.query(
          `INSERT INTO people (org, username, display_name, role, password_hash, certificate, private_key, created_by, must_change_password, kiosk)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${PERSON_COLUMNS}`,
          [
            row.org,
            row.username,
            row.displayName,
            row.role,
            row.passwordHash,
            row.certificate,
            row.sealedKey,
            row.createdBy,
            row.mustChangePassword,
            row.kiosk,
          ],
        );
        return toPerson(rows[0]);
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'taken';
        throw error;
      }
    },

    async listOf(org) {
      const { rows } = await pool.query(`SELECT ${PERSON_COLUMNS} FROM people WHERE org = $1 ORDER BY username`, [org]);
      return rows.map(toPerson);
    },

    async setPassword(personId, passwordHash) {
      await pool.query(
        `UPDATE people SET password_hash = $2, must_change_password = false, reset_code_hash = NULL, reset_code_expires_at = NULL
          WHERE id = $1`,
        [personId, passwordHash],
      );
    },

    async setResetCode(personId, codeHash, lifetimeSeconds, voidPasswordHash) {
      const { rows } = await pool.query<{ reset_code_expires_at: unknown }>(
        `UPDATE people SET reset_code_hash = $2, reset_code_expires_at = now() + make_interval(secs => $3), password_hash = $4
          WHERE id = $1 RETURNING reset_code_expires_at`,
        [personId, codeHash, lifetimeSeconds, voidPasswordHash],
      );
      return z.date().parse(rows[0]?.reset_code_expires_at);
    },

    async redeemResetCode(org, username, codeHash, passwordHash) {
      const { rows } = await pool.query<{ id: unknown }>(
        `UPDATE people SET password_hash = $4, must_change_password = false, reset_code_hash = NULL, reset_code_expires_at = NULL
          WHERE org = $1 AND username = $2 AND NOT disabled AND reset_code_hash = $3 AND reset_code_expires_at > now()
          RETURNING id`,
        [org, username, codeHash, passwordHash],
      );
      return rows[0] === undefined ? undefined : z.uuid().parse(rows[0].id);
    },

    async setDisabled(personId, disabled) {
      const { rows } = await pool.query(`UPDATE people SET disabled = $2 WHERE id = $1 RETURNING ${PERSON_COLUMNS}`, [personId, disabled]);
      return toPerson(rows[0]);
    },

    async setKiosk(personId, kiosk) {
      const { rows } = await pool.query(`UPDATE people SET kiosk = $2 WHERE id = $1 RETURNING ${PERSON_COLUMNS}`, [personId, kiosk]);
      return toPerson(rows[0]);
    },

    async holdsOwnKey(person) {
      if (person.kiosk) return false;
      const { rows } = await pool.query<{ holds: unknown }>('SELECT EXISTS (SELECT 1 FROM devices WHERE person_id = $1) AS holds', [
        person.id,
      ]);
      return z.boolean().parse(rows[0]?.holds);
    },

    async setRole(personId, role, certificate, sealedKey) {
      const { rows } = await pool.query(
        `UPDATE people SET role = $2, certificate = $3, private_key = $4 WHERE id = $1 RETURNING ${PERSON_COLUMNS}`,
        [personId, role, certificate, sealedKey],
      );
      return toPerson(rows[0]);
    },

    async setCredentials(personId, certificate, sealedKey) {
      await pool.query('UPDATE people SET certificate = $2, private_key = $3 WHERE id = $1', [personId, certificate, sealedKey]);
    },
  };
}
