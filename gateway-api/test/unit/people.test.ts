// The gateway's rules that need no network: configuration, sealed keys, session lifetimes, attempt limits.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ANY_CHANNEL_MEMBER, ORGANISATION_KINDS, PERMISSIONS, READERS, TRANSACTIONS, type OrganisationKind } from '@plasma/chaincode';
import { loadConfig } from '../../src/config';
import { GatewayError } from '../../src/errors';
import { attemptLimiter, openKeyVault, PERSON_ROLES, sessionLifetimeSeconds } from '../../src/people';
import { grantableRoles } from '../../src/people/roles';

describe('gateway configuration', function () {
  it('lists every problem of the environment at once', function () {
    const problem = (() => {
      try {
        loadConfig('Atlantis', {
          GATEWAY_KEY_ENCRYPTION_KEY: 'too short',
          GATEWAY_MAX_DEPTH: 'deep',
          GATEWAY_DEV: 'maybe',
          GATEWAY_ALLOWED_ORIGINS: 'https://explorer.example.org, https://explorer.example.org/page',
          GATEWAY_TRUSTED_PROXIES: '10.0.0.0/24, 10.0.0.300, fd00::1',
        });
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    expect(problem).to.include('GATEWAY_KEY_ENCRYPTION_KEY').and.include('GATEWAY_MAX_DEPTH').and.include('GATEWAY_DEV');
    // Only the origin with a path is refused: an origin is scheme, host and port.
    expect(problem).to.include("GATEWAY_ALLOWED_ORIGINS: 'https://explorer.example.org/page' is not an origin");
    expect(problem).to.not.include("'https://explorer.example.org' is not");
    expect(problem).to.include("GATEWAY_TRUSTED_PROXIES: '10.0.0.300' is not an IP address or CIDR range");
    expect(problem).to.not.include("'10.0.0.0/24' is not").and.not.include("'fd00::1' is not");
    expect(problem).to.include("no organisation 'Atlantis'");
  });

  it("takes the key-encryption key from the environment, else from its organisation's file, and its address from the topology", function () {
    const key = randomBytes(32);
    // A database given by the environment, so the test needs no PostgreSQL started by `npm run up`.
    const DATABASE_URL = 'postgres://gateway@127.0.0.1:5432/plasma';
    const fromEnvironment = loadConfig('Factory', { DATABASE_URL, GATEWAY_KEY_ENCRYPTION_KEY: key.toString('hex') });
    expect(fromEnvironment.keyEncryptionKey).to.deep.equal({ kind: 'environment', key });
    expect(fromEnvironment.organisation.name).to.equal('Factory');
    expect(fromEnvironment.listen).to.deep.equal(fromEnvironment.organisation.gateway);
    expect(fromEnvironment.databaseUrl).to.equal(DATABASE_URL);
    const fromFile = loadConfig('StationA', { DATABASE_URL }).keyEncryptionKey;
    expect(fromFile.kind === 'file' && path.basename(path.dirname(fromFile.file))).to.equal('stationa');
  });
});

describe('sealed private keys', function () {
  const pem = '-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n';

  it('open only for the person they were sealed for, and only with the same key', function () {
    const vault = openKeyVault({ kind: 'environment', key: randomBytes(32) });
    const owner = { org: 'StationA', username: 'collector1' };
    const sealed = vault.seal(pem, owner);
    expect(sealed.toString('utf8')).not.to.include('not a real key');
    expect(vault.open(sealed, owner)).to.equal(pem);
    expect(() => vault.open(sealed, { org: 'StationA', username: 'stationqa1' })).to.throw(/does not open/);
    expect(() => openKeyVault({ kind: 'environment', key: randomBytes(32) }).open(sealed, owner)).to.throw(/does not open/);
  });

  it('generate the key-encryption key once, readable by its owner only', function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kek-'));
    try {
      const file = path.join(dir, 'gateway', 'key-encryption-key');
      const sealed = openKeyVault({ kind: 'file', file }).seal(pem, { org: 'Factory', username: 'qp1' });
      const first = readFileSync(file, 'utf8');
      expect(openKeyVault({ kind: 'file', file }).open(sealed, { org: 'Factory', username: 'qp1' })).to.equal(pem);
      expect(readFileSync(file, 'utf8')).to.equal(first);
      expect(statSync(file).mode & 0o777).to.equal(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('session lifetimes', function () {
  it('are 30 minutes for operators and 8 hours for every other role', function () {
    const lifetimes = Object.fromEntries(PERSON_ROLES.map((role) => [role, sessionLifetimeSeconds(role) / 60]));
    expect(lifetimes).to.deep.equal({
      collector: 30,
      warehouse: 30,
      production: 30,
      'station-qa': 480,
      'factory-qa': 480,
      qp: 480,
      regulator: 480,
      inspector: 480,
      admin: 480,
    });
  });
});

describe('grantable roles', function () {
  it("let each kind of organisation give exactly the people's roles the role matrix lets act there", function () {
    // Queries are granted to every reader; a role acts where some other grant names it.
    const actingIn = (kind: OrganisationKind): Set<string> =>
      new Set(
        TRANSACTIONS.flatMap((transaction) => PERMISSIONS[transaction])
          .filter((grant) => grant.kinds !== ANY_CHANNEL_MEMBER && grant.kinds.includes(kind) && grant.roles.length < READERS.length)
          .flatMap((grant) => grant.roles),
      );
    for (const kind of ORGANISATION_KINDS) {
      // Admins are enrolled by the launcher, never given by another admin.
      const acting = PERSON_ROLES.filter((role) => role !== 'admin' && actingIn(kind).has(role));
      expect([...grantableRoles(kind)].sort(), kind).to.deep.equal(acting.sort());
    }
  });
});

describe('attempt limiter', function () {
  it('locks a key after the allowed failures for the rest of the minute, and forgets them on success', function () {
    let now = 1_000_000;
    const limiter = attemptLimiter(3, () => now);
    const refusal = (key: string): GatewayError | undefined => {
      try {
        limiter.assertAllowed(key);
        return undefined;
      } catch (error) {
        return error as GatewayError;
      }
    };
    for (let i = 0; i < 3; i += 1) limiter.recordFailure('a');
    expect(refusal('a')).to.include({ code: 'RATE_LIMITED' });
    expect(refusal('a')?.details.retryAfterSeconds).to.equal(60);
    expect(refusal('b')).to.equal(undefined);
    now += 60_001;
    expect(refusal('a')).to.equal(undefined);

    limiter.recordFailure('c');
    limiter.recordFailure('c');
    limiter.recordSuccess('c');
    limiter.recordFailure('c');
    expect(refusal('c')).to.equal(undefined);
  });
});
