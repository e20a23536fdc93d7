// A backup's files: each copied whole, synced, read back and hashed; the manifest that names every one with its
// SHA-256, written last (a folder without one is an unfinished backup); the check a restore makes before it writes
// anything; and the key-encryption key sealed to a passphrase (scrypt, AES-256-GCM).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import path from 'node:path';

export interface BackupFile {
  /** Inside the backup's folder, with `/`. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The permission bits to restore it with. */
  readonly mode: number;
}

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

function syncedWrite(file: string, content: Buffer, mode: number): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode, flag: 'wx' });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `content` at `relative` inside `dir`, reads it back, and describes it for the manifest. */
export function writeBackupFile(dir: string, relative: string, content: Buffer, mode = 0o600): BackupFile {
  const file = path.join(dir, relative);
  syncedWrite(file, content, mode & 0o700);
  const back = readFileSync(file);
  if (!back.equals(content)) throw new Error(`backup: ${file} does not read back as written`);
  return { path: relative.split(path.sep).join('/'), bytes: content.length, sha256: sha256(content), mode: mode & 0o700 };
}

/** A file something else streamed into the backup's folder: synced, read back and described for the manifest. */
export function describeBackupFile(dir: string, relative: string): BackupFile {
  const file = path.join(dir, relative);
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const content = readFileSync(file);
  return { path: relative.split(path.sep).join('/'), bytes: content.length, sha256: sha256(content), mode: 0o600 };
}

/**
 * What a restore writes onto the host, kept so that a failed restore takes it all back, the folders it made included:
 * a second attempt then finds the host as clean as the first did. A folder something else has written into since (the
 * PostgreSQL the restore started keeps its data beside the organisations' secrets) is left with what it holds.
 */
export function restoredFiles() {
  const files: string[] = [];
  const folders: string[] = [];
  return {
    /** Writes a file that must not exist yet, making its folders as needed. */
    write(file: string, content: Buffer, mode: number): void {
      const top = mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (top !== undefined) {
        // Every folder from the one nearest the file up to the first one made.
        for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
          folders.push(folder);
          if (folder === top) break;
        }
      }
      writeFileSync(file, content, { mode, flag: 'wx' });
      files.push(file);
    },
    /** Removes every file written, then every folder made that is empty now, the deepest first. */
    undo(): void {
      for (const file of files.reverse()) rmSync(file, { force: true });
      const deepestFirst = [...new Set(folders)].sort((a, b) => b.split(path.sep).length - a.split(path.sep).length);
      for (const folder of deepestFirst) {
        try {
          rmdirSync(folder);
        } catch (error) {
          const { code } = error as NodeJS.ErrnoException;
          if (code !== 'ENOTEMPTY' && code !== 'ENOENT') throw error;
        }
      }
    },
  };
}

/** Every regular file under `root`, as paths relative to it. */
export function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  if (statSync(root).isFile()) return [''];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Copies the files under `source` into `dir` at `relative`, each as writeBackupFile does, but those `left` names. */
export function copyIntoBackup(source: string, dir: string, relative: string, left: (name: string) => boolean = () => false): BackupFile[] {
  return filesUnder(source)
    .filter((inner) => !left(path.basename(inner === '' ? source : inner)))
    .map((inner) => {
      const from = inner === '' ? source : path.join(source, inner);
      return writeBackupFile(dir, path.join(relative, inner), readFileSync(from), statSync(from).mode);
    });
}

/** Syncs a folder and its sub-folders, so that the files' names, not only their bytes, survive a crash. */
export function syncFolders(dir: string): void {
  const folders = [
    dir,
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(e.parentPath, e.name)),
  ];
  for (const folder of folders) {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** A backup file's bytes, read once and checked against the manifest as read: the bytes a restore uses are the bytes checked. */
export function readChecked(dir: string, file: BackupFile): Buffer {
  const content = readFileSync(path.join(dir, file.path));
  if (content.length !== file.bytes || sha256(content) !== file.sha256)
    throw new Error(`restore: ${file.path} changed after the backup was checked (SHA-256 ${sha256(content)}, not ${file.sha256})`);
  return content;
}

/** A manifest's path names a file inside the backup: relative, with no `..`, as the backup writes them. */
export const isInside = (relative: string): boolean =>
  relative !== '' &&
  !path.isAbsolute(relative) &&
  !relative.includes('\\') &&
  relative.split('/').every((part) => part !== '' && part !== '.' && part !== '..');

/**
 * Checks a backup's folder against its manifest's list before anything is restored: every file listed is there with
 * its size and SHA-256, and nothing is there that the list does not name. Throws naming each file that is not.
 */
export function checkBackupFiles(dir: string, files: readonly BackupFile[], unlisted: readonly string[]): void {
  const listed = new Map(files.map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const file of files) {
    if (!isInside(file.path)) {
      problems.push(`${JSON.stringify(file.path)} is not a path inside the backup`);
      continue;
    }
    const at = path.join(dir, file.path);
    if (!existsSync(at)) {
      problems.push(`${file.path} is missing`);
      continue;
    }
    const content = readFileSync(at);
    if (content.length !== file.bytes || sha256(content) !== file.sha256)
      problems.push(`${file.path} is not the file the backup wrote (SHA-256 ${sha256(content)}, not ${file.sha256})`);
  }
  for (const found of filesUnder(dir).map((f) => f.split(path.sep).join('/'))) {
    if (!unlisted.includes(found) && !listed.has(found)) problems.push(`${found} is not in the manifest`);
  }
  if (problems.length > 0) throw new Error(`restore: the backup in ${dir} was altered or is incomplete:\n  ${problems.join('\n  ')}`);
}

/** The key-encryption key sealed to a passphrase; the organisation's name is bound in (a key sealed for one is not another's). */
export interface SealedKey {
  readonly format: 'plasma-sealed-key/1';
  readonly organisation: string;
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string };
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
export const MIN_PASSPHRASE_LENGTH = 12;

function passphraseKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...kdf, maxmem: SCRYPT_MAXMEM });
}

/** The KDF's cost is this code's, never a file's: a crafted file could make it hang or throw. */
function pinned(kdf: SealedKey['kdf']): SealedKey['kdf'] {
  if ((kdf.name as string) !== 'scrypt' || kdf.N !== SCRYPT.N || kdf.r !== SCRYPT.r || kdf.p !== SCRYPT.p)
    throw new Error('restore: a seal of this backup names a key derivation this restore does not use');
  return kdf;
}

export function checkPassphrase(passphrase: string | undefined): string {
  if (passphrase === undefined || passphrase.length === 0)
    throw new Error(
      'a backup seals the key-encryption keys to a passphrase: set PLASMA_BACKUP_PASSPHRASE or give --passphrase-file <file>',
    );
  if (passphrase.length < MIN_PASSPHRASE_LENGTH)
    throw new Error(`the backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  return passphrase;
}

export function sealKey(organisation: string, key: Buffer, passphrase: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', passphraseKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(Buffer.from(organisation, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    format: 'plasma-sealed-key/1',
    organisation,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function unsealKey(sealed: SealedKey, organisation: string, passphrase: string): Buffer {
  if ((sealed.format as string) !== 'plasma-sealed-key/1' || sealed.organisation !== organisation)
    throw new Error(`restore: the sealed key-encryption key of ${organisation} is not one this restore reads`);
  const { N, r, p, salt } = pinned(sealed.kdf);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    passphraseKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p }),
    Buffer.from(sealed.iv, 'base64'),
  );
  decipher.setAAD(Buffer.from(organisation, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new Error(`restore: the passphrase does not open the key-encryption key of ${organisation}`);
  }
}

/** The manifest's seal: an HMAC-SHA-256 under a key drawn from the passphrase, so that files and manifest rewritten together are caught. */
export interface ManifestSeal {
  readonly format: 'plasma-manifest-seal/1';
  readonly kdf: SealedKey['kdf'];
  readonly hmac: string;
}

const manifestMac = (manifest: Buffer, passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer =>
  createHmac('sha256', passphraseKey(passphrase, salt, kdf))
    .update(manifest)
    .digest();

export function sealManifest(manifest: Buffer, passphrase: string): ManifestSeal {
  const salt = randomBytes(16);
  return {
    format: 'plasma-manifest-seal/1',
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    hmac: manifestMac(manifest, passphrase, salt, SCRYPT).toString('base64'),
  };
}

export function checkManifestSeal(manifest: Buffer, seal: ManifestSeal, passphrase: string): void {
  const { N, r, p, salt } = pinned(seal.kdf);
  const expected = manifestMac(manifest, passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  const given = Buffer.from(seal.hmac, 'base64');
  if ((seal.format as string) !== 'plasma-manifest-seal/1' || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Error('restore: the passphrase does not open this backup, or its manifest was altered');
}
