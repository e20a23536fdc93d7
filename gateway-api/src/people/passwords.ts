// Passwords: argon2id hashes (64 MiB, 3 passes, 4 lanes) and the rule a new password must meet.
// @node-rs/argon2 ships prebuilt binaries in platform packages: nothing to compile on install.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { validationError } from '../errors';

const MIN_PASSWORD_LENGTH = 12;

/** argon2id is the library's default algorithm. */
export const hashPassword = (password: string): Promise<string> => hash(password, { memoryCost: 65_536, timeCost: 3, parallelism: 4 });

export const verifyPassword = (stored: string, password: string): Promise<boolean> => verify(stored, password);

/** A hash to verify against when nobody has the username, so that the answer takes as long either way. */
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verify(await decoy, password);
  return false;
}

export function checkNewPassword(field: string, password: string): void {
  // Code points, not UTF-16 units: an emoji is one character of a password, not two.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw validationError(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

/** For people the gateway creates itself (the demo people): 24 random characters. */
export const randomPassword = (): string => randomBytes(18).toString('base64url');
