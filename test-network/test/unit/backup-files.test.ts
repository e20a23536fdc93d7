// A backup's own checks, without a network: the sealed key opens only with its passphrase and its organisation, the
// manifest's seal fails on any change or a wrong passphrase, and a backup folder is refused naming each file that was
// changed, removed, added, or named by a path that leaves the folder.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkBackupFiles,
  checkManifestSeal,
  checkPassphrase,
  isInside,
  restoredFiles,
  sealKey,
  sealManifest,
  unsealKey,
  writeBackupFile,
} from '../../src/backup/backup-files';

const PASSPHRASE = 'twelve or more characters';

describe("a backup's own checks", function () {
  it('opens a sealed key only with its passphrase and for its own organisation', function () {
    const key = Buffer.from('the key-encryption key, as its file holds it');
    const sealed = sealKey('StationA', key, PASSPHRASE);
    expect(JSON.stringify(sealed)).to.not.include(key.toString('base64')).and.not.include(key.toString());
    expect(unsealKey(sealed, 'StationA', PASSPHRASE).equals(key)).to.equal(true);
    expect(() => unsealKey(sealed, 'StationA', 'another passphrase')).to.throw(
      'the passphrase does not open the key-encryption key of StationA',
    );
    expect(() => unsealKey({ ...sealed, organisation: 'StationB' }, 'StationB', PASSPHRASE)).to.throw('of StationB');
    expect(() => checkPassphrase(undefined)).to.throw('PLASMA_BACKUP_PASSPHRASE');
    expect(() => checkPassphrase('short')).to.throw('at least 12 characters');
  });

  it("fails the manifest's seal on one changed byte or a wrong passphrase", function () {
    const manifest = Buffer.from('{"format":"plasma-backup/1","files":[]}');
    const seal = sealManifest(manifest, PASSPHRASE);
    expect(() => checkManifestSeal(manifest, seal, PASSPHRASE)).to.not.throw();
    const changed = Buffer.from(manifest);
    changed[3] = changed[3]! ^ 1;
    expect(() => checkManifestSeal(changed, seal, PASSPHRASE)).to.throw('or its manifest was altered');
    expect(() => checkManifestSeal(manifest, seal, 'not the passphrase')).to.throw('the passphrase does not open this backup');
  });

  it('names each file changed, missing, unlisted, or outside the folder', function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'backup-files-'));
    try {
      const kept = writeBackupFile(dir, 'files/a.txt', Buffer.from('a'));
      const changed = writeBackupFile(dir, 'files/b.txt', Buffer.from('b'));
      const missing = writeBackupFile(dir, 'files/c.txt', Buffer.from('c'));
      checkBackupFiles(dir, [kept, changed, missing], []);
      writeFileSync(path.join(dir, 'files/b.txt'), 'B');
      rmSync(path.join(dir, 'files/c.txt'));
      writeFileSync(path.join(dir, 'files/d.txt'), 'd');
      const escaping = { ...kept, path: '../../etc/passwd' };
      expect(() => checkBackupFiles(dir, [kept, changed, missing, escaping], [])).to.throw(
        new RegExp(
          [
            'files/b.txt is not the file the backup wrote',
            'files/c.txt is missing',
            '"../../etc/passwd" is not a path inside the backup',
            'files/d.txt is not in the manifest',
          ].join('[^]*'),
        ),
      );
      for (const outside of ['/etc/passwd', '../x', 'a/../../x', 'a//b', './a', '']) expect(isInside(outside), outside).to.equal(false);
      expect(isInside('files/network/orgs/stationa/msp/cacerts/ca.pem')).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes back what a failed restore wrote, the folders it made included, and leaves what was there or was written since', function () {
    const host = mkdtempSync(path.join(os.tmpdir(), 'restored-files-'));
    try {
      mkdirSync(path.join(host, 'gateway'));
      writeFileSync(path.join(host, 'gateway/kept.txt'), 'there before');
      const written = restoredFiles();
      written.write(path.join(host, 'network/orgs/stationa/msp/cert.pem'), Buffer.from('cert'), 0o600);
      written.write(path.join(host, 'gateway/key'), Buffer.from('key'), 0o600);
      expect(statSync(path.join(host, 'gateway/key')).mode & 0o777).to.equal(0o600);
      expect(() => written.write(path.join(host, 'gateway/kept.txt'), Buffer.from('x'), 0o600), 'never over a file').to.throw(/EEXIST/);
      // Something else writes into a folder the restore made (PostgreSQL's data beside the organisations' secrets).
      written.write(path.join(host, 'postgres/organisations/stationa.json'), Buffer.from('secret'), 0o600);
      writeFileSync(path.join(host, 'postgres/PG_VERSION'), '18');
      written.undo();
      expect(readdirSync(host).sort(), 'the folders it made are gone, but one holding what it did not write').to.deep.equal([
        'gateway',
        'postgres',
      ]);
      expect(readdirSync(path.join(host, 'postgres'))).to.deep.equal(['PG_VERSION']);
      expect(readdirSync(path.join(host, 'gateway'))).to.deep.equal(['kept.txt']);
      expect(readFileSync(path.join(host, 'gateway/kept.txt'), 'utf8')).to.equal('there before');
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  });
});
