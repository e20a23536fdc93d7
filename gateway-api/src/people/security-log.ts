// The organisation's security log: one row per security event, appended and never changed (the gateway's database
// role may only insert, and the database's triggers number, link and hash each row and refuse any update, delete or
// truncate), each row hashed with the hash of the row before it. Checking the chain from the first row names the first
// row edited, deleted or put out of order by someone who turned the triggers off.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { z } from 'zod';
import { toCanonicalJson } from '@plasma/chaincode';

export const SECURITY_EVENTS = [
  'sign-in',
  'sign-in-failed',
  'sign-in-locked',
  'sign-out',
  'password-changed',
  'password-change-refused',
  'password-reset-issued',
  'password-reset-redeemed',
  'password-reset-refused',
  'person-created',
  'person-disabled',
  'person-enabled',
  'kiosk-account-set',
  'kiosk-account-ended',
  'role-changed',
  'device-enrolled',
  'device-requested',
  'device-approved',
  'device-approval-refused',
  'device-refused',
  'device-revoked',
  'signature-password-accepted',
  'signature-password-refused',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENTS)[number];

export interface NewSecurityEvent {
  readonly event: SecurityEventKind;
  /** Who acted, as "<org>/<username>"; undefined when unknown. */
  readonly actor?: string;
  /** Whom it was about, when someone else. */
  readonly subject?: string;
  readonly clientAddress?: string;
  /** What else an auditor needs: a device's label, a transaction... never a password or a code. */
  readonly detail?: Readonly<Record<string, string>>;
}

export interface SecurityEvent {
  readonly seq: number;
  readonly recordedAt: string;
  readonly event: string;
  readonly actor: string | null;
  readonly subject: string | null;
  readonly clientAddress: string | null;
  readonly detail: Readonly<Record<string, string>>;
  readonly previousHash: string;
  readonly hash: string;
}

export interface SecurityLogCheck {
  readonly events: number;
  /** The hash of the last row: what anchoring it on the ledger would fix. */
  readonly headHash: string;
  /** The first row whose hash or link does not hold, and why; undefined when the whole chain holds. */
  readonly brokenAt?: { readonly seq: number; readonly problem: string };
}

export interface SecurityLog {
  record(event: NewSecurityEvent): Promise<void>;
  /** The newest events first. */
  latest(limit: number): Promise<SecurityEvent[]>;
  check(): Promise<SecurityLogCheck>;
  /** Which log this is (the database's name), the newest entry's number and hash; undefined while the log is empty. */
  head(): Promise<{ log: string; seq: number; hash: string } | undefined>;
  /** The database's name, which names this log on the ledger. */
  name(): Promise<string>;
  /** The hash entry `seq` holds now; undefined when there is no such entry. */
  hashAt(seq: number): Promise<string | undefined>;
}

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

const row = z.object({
  seq: z.coerce.number(),
  recorded_at: z.date(),
  event: z.string(),
  actor: z.string().nullable(),
  subject: z.string().nullable(),
  client_address: z.string().nullable(),
  detail: z.record(z.string(), z.string()),
  previous_hash: z.string(),
  hash: z.string(),
});

const eventOf = (value: unknown): SecurityEvent => {
  const r = row.parse(value);
  return {
    seq: r.seq,
    recordedAt: r.recorded_at.toISOString(),
    event: r.event,
    actor: r.actor,
    subject: r.subject,
    clientAddress: r.client_address,
    detail: r.detail,
    previousHash: r.previous_hash,
    hash: r.hash,
  };
};

/** SHA-256 (hex) of the row's canonical JSON, its link to the row before included. */
export function securityEventHash(event: Omit<SecurityEvent, 'hash'>): string {
  return createHash('sha256').update(toCanonicalJson(event)).digest('hex');
}

const COLUMNS = 'seq, recorded_at, event, actor, subject, client_address, detail, previous_hash, hash';

export function securityLog(pool: Pool): SecurityLog {
  return {
    async record(event) {
      // The database numbers, times, links and hashes the row (migration 1795300930000), as securityEventHash does.
      await pool.query('INSERT INTO security_events (event, actor, subject, client_address, detail) VALUES ($1, $2, $3, $4, $5)', [
        event.event,
        event.actor ?? null,
        event.subject ?? null,
        event.clientAddress ?? null,
        JSON.stringify(event.detail ?? {}),
      ]);
    },

    async latest(limit) {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM security_events ORDER BY seq DESC LIMIT $1`, [limit]);
      return rows.map(eventOf);
    },

    async head() {
      const { rows } = await pool.query<{ log: string; seq: string; hash: string }>(
        'SELECT current_database() AS log, seq, hash FROM security_events ORDER BY seq DESC LIMIT 1',
      );
      return rows[0] && { log: rows[0].log, seq: Number(rows[0].seq), hash: rows[0].hash };
    },

    async name() {
      const { rows } = await pool.query<{ log: string }>('SELECT current_database() AS log');
      return rows[0]!.log;
    },

    async hashAt(seq) {
      const { rows } = await pool.query<{ hash: string }>('SELECT hash FROM security_events WHERE seq = $1', [seq]);
      return rows[0]?.hash;
    },

    async check() {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM security_events ORDER BY seq`);
      let previous = GENESIS_HASH;
      let expectedSeq = 1;
      for (const value of rows) {
        const { hash, ...unhashed } = eventOf(value);
        const brokenAt = (problem: string): SecurityLogCheck => ({
          events: rows.length,
          headHash: previous,
          brokenAt: { seq: unhashed.seq, problem },
        });
        if (unhashed.seq !== expectedSeq) return brokenAt(`row ${expectedSeq} is missing: the next row is ${unhashed.seq}`);
        if (unhashed.previousHash !== previous) return brokenAt('its link does not name the hash of the row before');
        if (securityEventHash(unhashed) !== hash) return brokenAt('its content does not hash to its hash: it was changed');
        previous = hash;
        expectedSeq += 1;
      }
      return { events: rows.length, headHash: previous };
    },
  };
}
