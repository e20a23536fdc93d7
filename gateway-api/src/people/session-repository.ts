// SQL for sessions: keyed by the hash of the bearer token, timed by the database's clock (one time source).
import type { Pool } from 'pg';
import { z } from 'zod';
import { PERSON_COLUMNS, personFromRow, type Person } from './person';

export interface SessionRepository {
  /** Starts a session lasting `lifetimeSeconds` from now (the person's last sign-in); returns when it expires. */
  create(tokenHash: Buffer, personId: string, lifetimeSeconds: number): Promise<Date>;
  /** The person of an unexpired session, unless they have been disabled. */
  personOf(tokenHash: Buffer): Promise<Person | undefined>;
  remove(tokenHash: Buffer): Promise<void>;
  /** Every session of the person, but the one of `keep` when given. */
  removeAllOf(personId: string, keep?: Buffer): Promise<void>;
  removeExpired(): Promise<void>;
}

const qualified = PERSON_COLUMNS.split(', ')
  .map((column) => `p.${column}`)
  .join(', ');

export function sessionRepository(pool: Pool, mspIdOf: (org: string) => string): SessionRepository {
  return {
    async create(tokenHash, personId, lifetimeSeconds) {
      const { rows } = await pool.query<{ expires_at: unknown }>(
        `WITH signed_in AS (UPDATE people SET last_sign_in_at = now() WHERE id = $2)
         INSERT INTO sessions (token_hash, person_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
        [tokenHash, personId, lifetimeSeconds],
      );
      return z.date().parse(rows[0]?.expires_at);
    },

    async personOf(tokenHash) {
      const { rows } = await pool.query<Record<string, unknown>>(
        `SELECT ${qualified} FROM sessions s JOIN people p ON p.id = s.person_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT p.disabled`,
        [tokenHash],
      );
      return rows[0] && personFromRow(rows[0], mspIdOf);
    },

    async remove(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },

    async removeAllOf(personId, keep) {
      await pool.query('DELETE FROM sessions WHERE person_id = $1 AND token_hash IS DISTINCT FROM $2', [personId, keep ?? null]);
    },

    async removeExpired() {
      await pool.query('DELETE FROM sessions WHERE expires_at <= now()');
    },
  };
}
