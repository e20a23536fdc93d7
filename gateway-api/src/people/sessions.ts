// Signing in and out: a password checked against its argon2id hash opens a session whose bearer token the
// client keeps; the session lasts as long as the person's role allows (see roles.ts). Failed sign-ins are counted
// per account (whichever spelling of the organisation names it, from whichever address), per client address, and for
// every unknown account together.
import { createHash, randomBytes } from 'node:crypto';
import type { Organisation } from '@plasma/network';
import { ErrorCode, GatewayError } from '../errors';
import { attemptLimiter } from './attempt-limiter';
import { verifyDecoy, verifyPassword } from './passwords';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';
import { sessionLifetimeSeconds } from './roles';
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

export interface SessionService {
  login(credentials: Credentials): Promise<Session>;
  logout(token: string): Promise<void>;
  /** The person of a live session, or undefined when the token is unknown, expired or ended. */
  authenticate(token: string): Promise<Person | undefined>;
}

export interface SessionServiceOptions {
  /** The gateway's organisation: only its people sign in here. */
  readonly organisation: Organisation;
  readonly people: PeopleRepository;
  readonly sessions: SessionRepository;
  /** Failed sign-ins allowed per account in a minute; an address and the unknown accounts together get BUDGET_FACTOR times as many. */
  readonly loginAttemptsPerMinute: number;
}

/**
 * An address's budget is larger than an account's (a station's staff behind one address mistype without locking each
 * other out), and so is the one all unknown accounts share: trying names costs the same work as trying passwords,
 * and cannot fill memory with a key per name tried.
 */
const BUDGET_FACTOR = 10;
const UNKNOWN_ACCOUNTS = 'unknown accounts';

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export function sessionService(options: Readonly<SessionServiceOptions>): SessionService {
  const { organisation, people, sessions, loginAttemptsPerMinute } = options;
  const accountAttempts = attemptLimiter(loginAttemptsPerMinute);
  const addressAttempts = attemptLimiter(loginAttemptsPerMinute * BUDGET_FACTOR);
  const unknownAttempts = attemptLimiter(loginAttemptsPerMinute * BUDGET_FACTOR);
  const refused = (): GatewayError => new GatewayError(ErrorCode.Unauthenticated, 'wrong organisation, username or password');

  return {
    async login({ org: orgName, username, password, clientAddress }) {
      addressAttempts.assertAllowed(clientAddress);
      // A person of another organisation signs in at that organisation's own gateway, never here.
      const ours = orgName === organisation.name || orgName === organisation.mspId;
      const found = ours ? await people.findWithPasswordHash(organisation.name, username) : undefined;
      const [accounts, account] = found ? [accountAttempts, found.person.id] : [unknownAttempts, UNKNOWN_ACCOUNTS];
      accounts.assertAllowed(account);
      // The same answer, after the same work, whether the person is unknown, disabled or mistyped.
      const valid = found && !found.person.disabled ? await verifyPassword(found.passwordHash, password) : await verifyDecoy(password);
      if (!found || !valid) {
        addressAttempts.recordFailure(clientAddress);
        accounts.recordFailure(account);
        throw refused();
      }
      accountAttempts.recordSuccess(account);

      const token = randomBytes(32).toString('base64url');
      const expiresAt = await sessions.create(hashToken(token), found.person.id, sessionLifetimeSeconds(found.person.role));
      await sessions.removeExpired();
      return { token, expiresAt, person: found.person };
    },

    async logout(token) {
      await sessions.remove(hashToken(token));
    },

    async authenticate(token) {
      const person = await sessions.personOf(hashToken(token));
      // Only this organisation's people have sessions here; anything else in its database is not honoured.
      return person?.org === organisation.name ? person : undefined;
    },
  };
}
