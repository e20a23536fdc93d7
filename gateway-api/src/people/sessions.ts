// Signing in and out: a password checked against its argon2id hash opens a session whose bearer token the
// client keeps; the session lasts as long as the person's role allows (see roles.ts). Failed sign-ins are counted
// per account (whichever spelling of the organisation names it, from whichever address; an unknown name is counted as
// an account would be, so that no answer tells the two apart) and per client address. A person changes their own
// password, or replaces a forgotten one with the one-time code their admin gave them. A session ends at logout, and
// every other one of its person when their password changes or they are disabled: with it end its open
// subscriptions, at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Organisation } from '@plasma/network';
import { Repeater } from 'graphql-yoga';
import { ErrorCode, GatewayError, validationError } from '../errors';
import { attemptLimiter } from './attempt-limiter';
import { checkNewPassword, hashPassword, verifyDecoy, verifyPassword } from './passwords';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';
import { sessionLifetimeSeconds } from './roles';
import type { SecurityLog } from './security-log';
import { actorName } from './person';
import type { SessionRepository } from './session-repository';

export interface Credentials {
  readonly org: string;
  readonly username: string;
  readonly password: string;
  /** Where the attempt comes from: failed attempts are counted per address too. */
  readonly clientAddress: string;
}

export interface Session {
  /** Shown once; the gateway keeps only its hash. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly person: Person;
}

export interface PasswordResetRedemption {
  readonly org: string;
  readonly username: string;
  /** The one-time code the person's admin gave them (resetPassword). */
  readonly code: string;
  readonly newPassword: string;
  readonly clientAddress: string;
}

export interface SessionService {
  login(credentials: Credentials): Promise<Session>;
  logout(token: string): Promise<void>;
  /** The person of a live session, or undefined when the token is unknown, expired or ended. */
  authenticate(token: string): Promise<Person | undefined>;
  /** The signed-in person's own new password, their old one given again; their other sessions end. */
  changePassword(person: Person, token: string, oldPassword: string, newPassword: string): Promise<void>;
  /** A forgotten password replaced through the one-time code; every session of the person ends. */
  redeemPasswordReset(redemption: PasswordResetRedemption): Promise<void>;
  /** Ends every session of the person, and their open subscriptions (a person disabled, a password reset). */
  endSessionsOf(personId: string): Promise<void>;
  /** `stream` until the session of `token` ends (logout, password changed elsewhere or reset, person disabled), at once. */
  whileSessionLasts<T>(token: string, person: Person, stream: AsyncIterable<T>): AsyncIterable<T>;
}

export interface SessionServiceOptions {
  /** The gateway's organisation: only its people sign in here. */
  readonly organisation: Organisation;
  readonly people: PeopleRepository;
  readonly sessions: SessionRepository;
  /** Failed sign-ins allowed per account in a minute; an address gets ADDRESS_BUDGET_FACTOR times as many. */
  readonly loginAttemptsPerMinute: number;
  /** Where sign-ins, their failures and locks, sign-outs, password changes and redemptions are recorded. */
  readonly securityLog: Pick<SecurityLog, 'record'>;
}

/**
 * An address's budget is larger than an account's: a station's staff behind one address mistype without locking each
 * other out. (Unknown names do not share one budget: a shared budget spent would answer RATE_LIMITED for unknown names
 * only, telling them from real ones. Their keys last a minute, and each costs the caller an argon2id hash.)
 */
const ADDRESS_BUDGET_FACTOR = 10;
/** How often an open subscription checks that its session still lasts (it expired, or ended at another gateway process). */
const SESSION_RECHECK_MS = 30_000;

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();
/** A reset code's hash, as the people table keeps it. */
export const hashResetCode = hashToken;

export function sessionService(options: Readonly<SessionServiceOptions>): SessionService {
  const { organisation, people, sessions, loginAttemptsPerMinute, securityLog } = options;
  const accountAttempts = attemptLimiter(loginAttemptsPerMinute);
  const addressAttempts = attemptLimiter(loginAttemptsPerMinute * ADDRESS_BUDGET_FACTOR);
  const refused = (): GatewayError => new GatewayError(ErrorCode.Unauthenticated, 'wrong organisation, username or password');

  // The open subscriptions of each person, each with its session's token hash. In memory: one gateway process serves an
  // organisation's people.
  const watching = new Map<string, Set<{ tokenHash: string; controller: AbortController }>>();
  const abortWatchers = (personId: string, which: (tokenHash: string) => boolean): void => {
    for (const watcher of watching.get(personId) ?? []) if (which(watcher.tokenHash)) watcher.controller.abort();
  };
  const endSessionsOf = async (personId: string): Promise<void> => {
    await sessions.removeAllOf(personId);
    abortWatchers(personId, () => true);
  };

  return {
    async login({ org: orgName, username, password, clientAddress }) {
      addressAttempts.assertAllowed(clientAddress);
      // A person of another organisation signs in at that organisation's own gateway, never here.
      const ours = orgName === organisation.name || orgName === organisation.mspId;
      const found = ours ? await people.findWithPasswordHash(organisation.name, username) : undefined;
      const account = found ? found.person.id : JSON.stringify(['unknown', organisation.name, username]);
      accountAttempts.assertAllowed(account);
      // The same answer, after the same work, whether the person is unknown, disabled or mistyped.
      const valid = found && !found.person.disabled ? await verifyPassword(found.passwordHash, password) : await verifyDecoy(password);
      if (!found || !valid) {
        addressAttempts.recordFailure(clientAddress);
        accountAttempts.recordFailure(account);
        // An unknown name is not written down: it may be a password typed in the wrong field.
        const actor = found ? actorName(found.person) : undefined;
        await securityLog.record({ event: 'sign-in-failed', actor, clientAddress });
        if (!accountAttempts.allows(account)) await securityLog.record({ event: 'sign-in-locked', actor, clientAddress });
        throw refused();
      }
      accountAttempts.recordSuccess(account);

      const token = randomBytes(32).toString('base64url');
      const expiresAt = await sessions.create(hashToken(token), found.person.id, sessionLifetimeSeconds(found.person.role));
      await securityLog.record({ event: 'sign-in', actor: actorName(found.person), clientAddress });
      await sessions.removeExpired();
      return { token, expiresAt, person: found.person };
    },

    async logout(token) {
      const tokenHash = hashToken(token);
      const person = await sessions.personOf(tokenHash);
      await sessions.remove(tokenHash);
      if (person) {
        abortWatchers(person.id, (hash) => hash === tokenHash.toString('hex'));
        await securityLog.record({ event: 'sign-out', actor: actorName(person) });
      }
    },

    async changePassword(person, token, oldPassword, newPassword) {
      // A stolen session may not guess the password behind it any faster than a sign-in may.
      accountAttempts.assertAllowed(person.id);
      const found = await people.findWithPasswordHash(person.org, person.username);
      if (!found || !(await verifyPassword(found.passwordHash, oldPassword))) {
        accountAttempts.recordFailure(person.id);
        await securityLog.record({ event: 'password-change-refused', actor: actorName(person) });
        throw validationError('oldPassword', 'is not your current password');
      }
      checkNewPassword('newPassword', newPassword);
      if (newPassword === oldPassword) throw validationError('newPassword', 'must differ from the old password');
      await people.setPassword(person.id, await hashPassword(newPassword));
      const kept = hashToken(token);
      await sessions.removeAllOf(person.id, kept);
      abortWatchers(person.id, (hash) => hash !== kept.toString('hex'));
      await securityLog.record({ event: 'password-changed', actor: actorName(person) });
    },

    async redeemPasswordReset({ org: orgName, username, code, newPassword, clientAddress }) {
      addressAttempts.assertAllowed(clientAddress);
      checkNewPassword('newPassword', newPassword);
      // The same work whoever is named: one hash, then one update that succeeds only with the latest live code.
      const passwordHash = await hashPassword(newPassword);
      const ours = orgName === organisation.name || orgName === organisation.mspId;
      const redeemed = ours ? await people.redeemResetCode(organisation.name, username, hashResetCode(code), passwordHash) : undefined;
      if (redeemed === undefined) {
        addressAttempts.recordFailure(clientAddress);
        // Whose account was tried, when it is one of ours; a name nobody has is not written down, as at sign-in.
        const tried = ours ? await people.find(organisation.name, username) : undefined;
        await securityLog.record({ event: 'password-reset-refused', subject: tried && actorName(tried), clientAddress });
        throw new GatewayError(ErrorCode.Unauthenticated, 'wrong organisation, username or reset code, or the code has expired');
      }
      await endSessionsOf(redeemed);
      await securityLog.record({ event: 'password-reset-redeemed', subject: `${organisation.name}/${username}`, clientAddress });
    },

    endSessionsOf,

    whileSessionLasts<T>(token: string, person: Person, stream: AsyncIterable<T>): AsyncIterable<T> {
      // A Repeater, as alarmStream's: a subscriber who leaves lets go of the stream at once.
      return new Repeater<T>(async (push, stop) => {
        const source = stream[Symbol.asyncIterator]();
        const watcher = { tokenHash: hashToken(token).toString('hex'), controller: new AbortController() };
        const ofPerson = watching.get(person.id) ?? new Set();
        watching.set(person.id, ofPerson.add(watcher));
        watcher.controller.signal.addEventListener('abort', () => stop(), { once: true });
        // Ended between its sign-in check and now, expired since, or ended where this process does not hear of it.
        const stillLasts = async (): Promise<void> => {
          if ((await sessions.personOf(hashToken(token)).catch(() => undefined))?.id !== person.id) stop();
        };
        const recheck = setInterval(() => void stillLasts(), SESSION_RECHECK_MS);
        void stop.then(() => {
          clearInterval(recheck);
          ofPerson.delete(watcher);
          if (ofPerson.size === 0) watching.delete(person.id);
          return source.return?.();
        });
        await stillLasts();
        for (let next = await source.next(); next.done !== true; next = await source.next()) await push(next.value);
        stop();
      });
    },

    async authenticate(token) {
      const person = await sessions.personOf(hashToken(token));
      // Only this organisation's people have sessions here; anything else in its database is not honoured.
      return person?.org === organisation.name ? person : undefined;
    },
  };
}
