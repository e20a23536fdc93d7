// What every resolver knows about the request: who is signed in (from `Authorization: Bearer <token>`)
// and where the request comes from. Services reach resolvers through their module, not through here.
import { ErrorCode, GatewayError } from '../errors';
import type { Actor, DeviceSigner } from '../people/actor';
import type { Person } from '../people/person';

export interface GatewayContext {
  /** The signed-in person, when the bearer token belongs to a live session. */
  readonly person: Person | undefined;
  /** The bearer token as sent, live or not. */
  readonly token: string | undefined;
  readonly clientAddress: string;
  /** Inside prepareTransaction: the person's device, which signs what this operation submits. */
  readonly device?: DeviceSigner;
}

/**
 * The signed-in person, or UNAUTHENTICATED saying whether to sign in or to sign in again; PASSWORD_CHANGE_REQUIRED
 * while the password is still the one their admin chose.
 */
export function requirePerson(context: GatewayContext): Person {
  const person = requireSignedIn(context);
  if (person.mustChangePassword) {
    throw new GatewayError(
      ErrorCode.PasswordChangeRequired,
      'change your password first (changePassword): the one you have was chosen by your admin',
    );
  }
  return person;
}

/** The signed-in person as they act: with their device's key inside prepareTransaction, else the one the gateway keeps. */
export function actorOf(context: GatewayContext): Actor {
  const person = requirePerson(context);
  return context.device ? { person, device: context.device } : { person };
}

/** The signed-in person, whether or not they must change their password first: for me, logout and changePassword. */
export function requireSignedIn(context: GatewayContext): Person {
  if (context.person) return context.person;
  throw new GatewayError(
    ErrorCode.Unauthenticated,
    context.token === undefined
      ? 'sign in first: send Authorization: Bearer <token> from the login mutation'
      : 'the session has expired or was ended; sign in again',
  );
}

export function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
