// The device servers' users and passwords: generated at first start into .data (mode 0600), never committed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { credentialsFile } from './paths';

/** `ingest` reads, subscribes and reads history; `engineer` may also inject faults (tests, the demo). */
export const DEVICE_USERS = ['ingest', 'engineer'] as const;
export type DeviceUser = (typeof DEVICE_USERS)[number];

export type DeviceCredentials = Readonly<Record<DeviceUser, string>>;

export function loadCredentials(file: string = credentialsFile): DeviceCredentials {
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<DeviceUser, string>>;
    const missing = DEVICE_USERS.filter((u) => typeof stored[u] !== 'string' || stored[u].length < 16);
    if (missing.length > 0)
      throw new Error(`${file}: no password of at least 16 characters for ${missing.join(', ')}; delete the file to generate new ones`);
    return stored as DeviceCredentials;
  }
  const generated = Object.fromEntries(DEVICE_USERS.map((u) => [u, randomBytes(24).toString('base64url')])) as DeviceCredentials;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: 'wx' });
  return generated;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Which user these credentials belong to, compared in constant time; undefined when none. */
export function authenticate(credentials: DeviceCredentials, userName: string, password: string): DeviceUser | undefined {
  const user = DEVICE_USERS.find((u) => u === userName);
  if (user === undefined) return undefined;
  return timingSafeEqual(digest(credentials[user]), digest(password)) ? user : undefined;
}
