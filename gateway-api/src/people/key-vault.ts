// Private keys at rest: sealed with AES-256-GCM under the gateway's key-encryption key, each bound to the
// person it belongs to, so that a sealed key copied onto another person's row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyEncryptionKeySource } from '../config';

export interface KeyVault {
  seal(privateKeyPem: string, owner: KeyOwner): Buffer;
  open(sealed: Buffer, owner: KeyOwner): string;
}

export interface KeyOwner {
  readonly org: string;
  readonly username: string;
}

// Sealed layout: version (1 byte) | IV (12) | authentication tag (16) | ciphertext.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const associatedData = (owner: KeyOwner): Buffer => Buffer.from(`plasma person key\0${owner.org}\0${owner.username}`);

class AesGcmKeyVault implements KeyVault {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  seal(privateKeyPem: string, owner: KeyOwner): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(associatedData(owner));
    const ciphertext = Buffer.concat([cipher.update(privateKeyPem, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer, owner: KeyOwner): string {
    if (sealed[0] !== VERSION || sealed.length <= 1 + IV_BYTES + TAG_BYTES) {
      throw new Error(`the sealed key of ${owner.username}@${owner.org} is not in a format this gateway knows`);
    }
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
    decipher.setAAD(associatedData(owner));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`the key of ${owner.username}@${owner.org} does not open with this key-encryption key, or was altered`);
    }
  }
}

/** The key from the environment, or the one in the file, generated there (mode 0600) the first time. */
export function openKeyVault(source: KeyEncryptionKeySource): KeyVault {
  return new AesGcmKeyVault(source.kind === 'environment' ? source.key : keyFromFile(source.file));
}

function keyFromFile(file: string): Buffer {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside and linked into place: link() fails when the file exists, so two processes starting at
  // once keep the first one's key, and no reader ever sees a half-written file.
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key-encryption key`);
  return key;
}
