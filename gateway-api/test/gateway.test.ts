// The GraphQL gateway end to end: a gateway of its own on a fresh database, against the real network and
// its Fabric CAs. People sign in, admins create people, and writes reach the ledger signed by the person.
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { expect } from 'chai';
import { KJUR, KEYUTIL, X509 } from 'jsrsasign';
import { organisation } from '@plasma/network';
import { gatewayHealthy } from '../src/service';
import { mspIdOf, peopleRepository, securityLog, seedDemoPeople, sessionRepository, sessionService } from '../src/people';
import { gatewayModules, startGateway } from '../src/server';
import { donation, newDin } from '@plasma/testkit';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const ME = '{ me { username role organisation { name mspId } } }';
const LOGIN =
  'mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token expiresAt person { username } } }';
const CREATE_PERSON = 'mutation ($input: NewPersonInput!) { createPerson(input: $input) { id username role organisation { name } } }';
const RECORD_DONATION =
  'mutation ($input: DonationInput!) { recordDonation(input: $input) { din station operator volumeMl recordedTxId } }';

const ME_MUST_CHANGE = '{ me { username mustChangePassword } }';
const CHANGE_PASSWORD = 'mutation ($old: String!, $next: String!) { changePassword(oldPassword: $old, newPassword: $next) }';
const PERSON_ARGS = '($org: String!, $u: String!)';

const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;
const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('GraphQL gateway', function () {
  let t: TestGateway;
  const unexpected: { errorId: string; error: unknown }[] = [];

  before(async function () {
    t = await testGateway({
      // One module that fails the way a bug would, to show what a client sees of it.
      modules: (services) => [
        ...gatewayModules(services),
        {
          typeDefs: 'type Query { failingProbe: String }',
          resolvers: {
            Query: {
              failingProbe: () => {
                throw new Error('connection to 10.0.0.7 refused: password authentication failed');
              },
            },
          },
        },
      ],
      logError: (errorId, error) => unexpected.push({ errorId, error }),
    });
  });
  after(async () => t?.close());

  const stationA = () => organisation(t.topology, 'StationA');
  const record = (token: string, input: Record<string, unknown>) => t.graphql(RECORD_DONATION, { input }, token);

  describe('signing in', function () {
    it('opens a session with the right password, and me answers who signed in', async function () {
      const login = await t.graphql(LOGIN, { org: 'StationA', u: 'collector1', p: t.password('StationA', 'collector1') });
      expect(login.errors).to.equal(undefined);
      const me = await t.graphql(ME, {}, login.data.login.token);
      expect(me.data.me).to.deep.equal({
        username: 'collector1',
        role: 'collector',
        organisation: { name: 'StationA', mspId: 'StationAMSP' },
      });
    });

    it("signs in its own organisation's people only: another's, with the right password, is refused as unknown", async function () {
      for (const [person, gateway] of [
        ['StationA', 'Factory'],
        ['Factory', 'StationA'],
        ['Regulator', 'StationB'],
      ] as const) {
        const username = person === 'Factory' ? 'qp1' : person === 'Regulator' ? 'inspector1' : 'collector1';
        const variables = { org: person, u: username, p: t.password(person, username) };
        const elsewhere = await t.graphqlAt(gateway, LOGIN, variables);
        expect(codeOf(elsewhere), `${username}@${person} at ${gateway}'s gateway`).to.equal('UNAUTHENTICATED');
        expect(elsewhere.errors?.[0]?.message).to.equal('wrong organisation, username or password');
        expect(codeOf(await t.graphqlAt(person, LOGIN, variables)), `at ${person}'s own`).to.equal(undefined);
      }
      // Each gateway says whose it is, to anyone: its sign-in page names the organisation.
      const named = await t.graphqlAt('StationB', '{ gatewayOrganisation { name mspId } }');
      expect(named.data).to.deep.equal({ gatewayOrganisation: { name: 'StationB', mspId: 'StationBMSP' } });
      // A token of one organisation's gateway means nothing at another's.
      const qp = await t.login('Factory', 'qp1');
      expect(codeOf(await t.graphqlAt('Regulator', ME, {}, qp))).to.equal('UNAUTHENTICATED');
    });

    it('refuses a wrong password and an unknown person with the same UNAUTHENTICATED answer', async function () {
      const wrong = await t.graphql(LOGIN, { org: 'StationA', u: 'stationqa1', p: 'not the password at all' });
      const unknown = await t.graphql(LOGIN, { org: 'StationA', u: 'nobody', p: 'not the password at all' });
      expect(codeOf(wrong)).to.equal('UNAUTHENTICATED');
      expect(unknown.errors?.[0]?.message).to.equal(wrong.errors?.[0]?.message);
      expect(codeOf(await t.graphql(ME))).to.equal('UNAUTHENTICATED');
    });

    it('gives operators 30-minute sessions and QA, QP and admins 8-hour ones', async function () {
      const minutesLeft = async (org: string, user: string): Promise<number> => {
        const answer = await t.graphql(LOGIN, { org, u: user, p: t.password(org, user) });
        return Math.round((Date.parse(answer.data.login.expiresAt) - Date.now()) / 60_000);
      };
      expect(await minutesLeft('StationA', 'collector1')).to.equal(30);
      expect(await minutesLeft('Factory', 'warehouse1')).to.equal(30);
      expect(await minutesLeft('StationA', 'stationqa1')).to.equal(480);
      expect(await minutesLeft('Factory', 'qa1')).to.equal(480);
      expect(await minutesLeft('Factory', 'qp1')).to.equal(480);
      expect(await minutesLeft('Regulator', 'admin')).to.equal(480);
    });

    it('refuses a session once it has expired, and one that was logged out', async function () {
      const expiring = await t.login('Factory', 'warehouse1');
      expect(codeOf(await t.graphql(ME, {}, expiring))).to.equal(undefined);
      await t.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
      const expired = await t.graphql(ME, {}, expiring);
      expect(codeOf(expired)).to.equal('UNAUTHENTICATED');
      expect(expired.errors?.[0]?.message).to.include('expired');

      const token = await t.login('Factory', 'warehouse1');
      expect((await t.graphql('mutation { logout }', {}, token)).data).to.deep.equal({ logout: true });
      expect(codeOf(await t.graphql(ME, {}, token))).to.equal('UNAUTHENTICATED');
    });

    it('locks an account after five failed logins in a minute, right password or not', async function () {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect(codeOf(await t.graphql(LOGIN, { org: 'StationB', u: 'stationqa1', p: `guess number ${attempt}` }))).to.equal(
          'UNAUTHENTICATED',
        );
      }
      const locked = await t.graphql(LOGIN, { org: 'StationB', u: 'stationqa1', p: t.password('StationB', 'stationqa1') });
      expect(codeOf(locked)).to.equal('RATE_LIMITED');
      expect(locked.errors?.[0]?.extensions?.retryAfterSeconds).to.be.within(1, 60);
      // Another person is not locked out with them.
      expect(await t.login('StationB', 'collector1')).to.be.a('string');
    });

    it('counts failed sign-ins per account whichever spelling and address, an unknown name like an account, and per address', async function () {
      // Sessions of their own, two failures allowed per account: an address may fail 20 times.
      const service = () =>
        sessionService({
          organisation: organisation(t.topology, 'StationB'),
          people: peopleRepository(t.pool, mspIdOf(t.topology)),
          sessions: sessionRepository(t.pool, mspIdOf(t.topology)),
          loginAttemptsPerMinute: 2,
          securityLog: securityLog(t.pool),
        });
      const attempt = (sessions: ReturnType<typeof service>, org: string, username: string, clientAddress: string, password?: string) =>
        sessions.login({ org, username, clientAddress, password: password ?? t.password('StationB', username) }).then(
          () => 'signed in',
          (error: { code?: string }) => error.code,
        );

      const accounts = service();
      expect(await attempt(accounts, 'StationB', 'stationqa1', '192.0.2.1', 'guess one')).to.equal('UNAUTHENTICATED');
      expect(await attempt(accounts, 'StationBMSP', 'stationqa1', '192.0.2.2', 'guess two')).to.equal('UNAUTHENTICATED');
      expect(await attempt(accounts, 'StationB', 'stationqa1', '192.0.2.3'), 'the right password, a third spelling and address').to.equal(
        'RATE_LIMITED',
      );
      expect(await attempt(accounts, 'StationB', 'collector1', '192.0.2.1'), 'another account from the same address').to.equal('signed in');
      // An unknown name answers exactly as a known one does, locked after as many failures: nothing tells them apart.
      expect(await attempt(accounts, 'StationB', 'nobody', '192.0.2.4', 'guess one')).to.equal('UNAUTHENTICATED');
      expect(await attempt(accounts, 'StationBMSP', 'nobody', '192.0.2.5', 'guess two')).to.equal('UNAUTHENTICATED');
      expect(await attempt(accounts, 'StationB', 'nobody', '192.0.2.6', 'guess three')).to.equal('RATE_LIMITED');

      const addresses = service();
      for (let i = 0; i < 20; i += 1) await attempt(addresses, 'StationB', `nobody${i}`, '198.51.100.1', 'guess');
      expect(await attempt(addresses, 'StationB', 'collector1', '198.51.100.1'), 'from the address that failed 20 times').to.equal(
        'RATE_LIMITED',
      );
      expect(await attempt(addresses, 'StationB', 'collector1', '198.51.100.2'), 'from another address').to.equal('signed in');
    });

    it('counts the address a configured reverse proxy forwards, and ignores the header from anyone else', async function () {
      const config = { ...t.configOf('StationB'), listen: { host: '127.0.0.1', port: 0 }, loginAttemptsPerMinute: 1 };
      const behindProxy = await startGateway({ ...config, trustedProxies: ['127.0.0.1'] });
      const direct = await startGateway(config);
      try {
        const login = async (gateway: string, forwardedFor: string, username: string, password: string): Promise<unknown> => {
          const response = await fetch(`${gateway}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
            body: JSON.stringify({ query: LOGIN, variables: { org: 'StationB', u: username, p: password } }),
          });
          return codeOf((await response.json()) as GraphQLAnswer) ?? 'signed in';
        };
        // Ten failures (the address budget, at one per account) from one client behind the proxy.
        for (let i = 0; i < 10; i += 1) await login(behindProxy.url, '203.0.113.5', `nobody${i}`, 'guess');
        const collector = t.password('StationB', 'collector1');
        expect(await login(behindProxy.url, '203.0.113.5', 'collector1', collector), 'that client').to.equal('RATE_LIMITED');
        expect(await login(behindProxy.url, '203.0.113.6', 'collector1', collector), 'another client behind the proxy').to.equal(
          'signed in',
        );
        // Not behind a configured proxy, the header is the client's own word: the failures count against its socket.
        for (let i = 0; i < 10; i += 1) await login(direct.url, `203.0.113.${20 + i}`, `nobody${i}`, 'guess');
        expect(await login(direct.url, '203.0.113.99', 'collector1', collector), 'a new forwarded address').to.equal('RATE_LIMITED');
      } finally {
        await Promise.all([behindProxy.close(), direct.close()]);
      }
    });
  });

  describe('people', function () {
    it('an admin creates a person who signs in and records a donation under their own certificate', async function () {
      const admin = await t.login('StationA', 'admin');
      const username = uniqueName('collector');
      const password = `${randomBytes(12).toString('base64url')}!`;
      const created = await t.graphql(
        CREATE_PERSON,
        {
          input: { org: 'StationA', username, displayName: 'Temporary Collector', role: 'collector', password },
        },
        admin,
      );
      expect(created.errors, JSON.stringify(created.errors)).to.equal(undefined);
      expect(created.data.createPerson).to.include({ username, role: 'collector' });

      // The admin chose the password: nothing but changing it is open until the person does.
      const first = await t.login('StationA', username, password);
      expect((await t.graphql(ME_MUST_CHANGE, {}, first)).data.me.mustChangePassword).to.equal(true);
      const din = newDin(stationA().facilities[0]!);
      expect(codeOf(await record(first, donation(din)))).to.equal('PASSWORD_CHANGE_REQUIRED');
      const change = (token: string, old: string, next: string) => t.graphql(CHANGE_PASSWORD, { old, next }, token);
      const wrongOld = await change(first, 'not the password', 'a password of my own choosing');
      expect([codeOf(wrongOld), wrongOld.errors?.[0]?.extensions?.field]).to.deep.equal(['VALIDATION', 'oldPassword']);
      const short = await change(first, password, 'short');
      expect([codeOf(short), short.errors?.[0]?.extensions?.field]).to.deep.equal(['VALIDATION', 'newPassword']);
      const own = 'a password of my own choosing';
      expect((await change(first, password, own)).data).to.deep.equal({ changePassword: true });
      expect(codeOf(await t.graphql(LOGIN, { org: 'StationA', u: username, p: password })), "the admin's password").to.equal(
        'UNAUTHENTICATED',
      );

      const token = await t.login('StationA', username, own);
      const recorded = await record(token, donation(din));
      expect(recorded.errors).to.equal(undefined);
      // The chaincode takes the operator from the transaction creator's certificate, never from input.
      expect(recorded.data.recordDonation).to.include({ din: din.slice(0, 13), station: 'StationAMSP', operator: username });

      // Read back through another organisation's peer, as the Regulator's inspector.
      const inspector = await t.gatewayOf('Regulator').services.sessions.authenticate(await t.login('Regulator', 'inspector1'));
      const stored = JSON.parse(
        Buffer.from(
          await t.gatewayOf('Regulator').services.ledger.evaluate({ person: inspector! }, 'Donation:GetDonation', [din]),
        ).toString(),
      );
      expect(stored).to.include({ operator: username, recordedTxId: recorded.data.recordDonation.recordedTxId });
    });

    it('refuses createPerson to a person who is not an admin, and to the admin of another organisation', async function () {
      const input = {
        org: 'StationA',
        username: uniqueName('refused'),
        displayName: 'Refused',
        role: 'collector',
        password: 'long enough password',
      };
      const byCollector = await t.graphql(CREATE_PERSON, { input }, await t.login('StationA', 'collector1'));
      expect(codeOf(byCollector)).to.equal('FORBIDDEN');
      const byOtherAdmin = await t.graphql(CREATE_PERSON, { input }, await t.login('StationB', 'admin'));
      expect(codeOf(byOtherAdmin)).to.equal('FORBIDDEN');
      expect(codeOf(await t.graphql(CREATE_PERSON, { input }))).to.equal('UNAUTHENTICATED');
      const { rowCount } = await t.pool.query('SELECT 1 FROM people WHERE username = $1', [input.username]);
      expect(rowCount).to.equal(0);
    });

    it("checks a new person's fields before asking the CA, naming the field", async function () {
      const admin = await t.login('Factory', 'admin');
      const base = {
        org: 'Factory',
        username: uniqueName('qc'),
        displayName: 'QC analyst',
        role: 'factory-qa',
        password: 'long enough password',
      };
      const cases: [Record<string, string>, string][] = [
        [{ role: 'collector' }, 'role'],
        [{ password: 'short' }, 'password'],
        [{ username: 'Has Spaces' }, 'username'],
        [{ displayName: ' padded ' }, 'displayName'],
      ];
      for (const [change, field] of cases) {
        const answer = await t.graphql(CREATE_PERSON, { input: { ...base, ...change } }, admin);
        expect(answer.errors?.[0]?.extensions, JSON.stringify(change)).to.deep.include({ code: 'VALIDATION', field });
      }
      const taken = await t.graphql(CREATE_PERSON, { input: { ...base, username: 'qa1' } }, admin);
      expect(codeOf(taken)).to.equal('CONFLICT');
    });

    it('lists the people of an organisation to its admin only', async function () {
      const query = '{ me { organisation { people { username role } } } }';
      const listed = await t.graphql(query, {}, await t.login('Regulator', 'admin'));
      expect(listed.data.me.organisation.people.map((p: { username: string }) => p.username)).to.include.members([
        'admin',
        'inspector1',
        'regulator1',
      ]);
      expect(codeOf(await t.graphql(query, {}, await t.login('Regulator', 'inspector1')))).to.equal('FORBIDDEN');
    });
  });

  describe('accounts', function () {
    /** A collector of StationA that an admin created and who chose their own password. */
    const newCollector = async (): Promise<{ username: string; password: string }> => {
      const admin = await t.login('StationA', 'admin');
      const username = uniqueName('collector');
      const chosenByAdmin = `${randomBytes(12).toString('base64url')}!`;
      const input = { org: 'StationA', username, displayName: 'Account Test', role: 'collector', password: chosenByAdmin };
      expect((await t.graphql(CREATE_PERSON, { input }, admin)).errors).to.equal(undefined);
      const password = `${randomBytes(12).toString('base64url')}?`;
      expect(
        (await t.graphql(CHANGE_PASSWORD, { old: chosenByAdmin, next: password }, await t.login('StationA', username, chosenByAdmin))).data,
      ).to.deep.equal({ changePassword: true });
      return { username, password };
    };
    /** A blockAdded subscription over server-sent events; `ended` resolves when the gateway closes the stream. */
    const subscribe = async (token: string): Promise<{ ended: Promise<void>; cancel(): Promise<void> }> => {
      const response = await fetch(`${t.gatewayOf('StationA').url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'subscription { blockAdded { number } }' }),
      });
      expect(response.status).to.equal(200);
      const reader = response.body!.getReader();
      const ended = (async () => {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          // keep-alives and blocks until the stream ends
        }
      })();
      return { ended, cancel: () => reader.cancel() };
    };
    const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
      Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))]);

    it('ends a subscription at once when its session is logged out', async function () {
      const { username, password } = await newCollector();
      const token = await t.login('StationA', username, password);
      const stream = await subscribe(token);
      const other = await subscribe(await t.login('StationA', username, password));
      expect((await t.graphql('mutation { logout }', {}, token)).data).to.deep.equal({ logout: true });
      await within(stream.ended, 3000, 'the subscription ended');
      // The person's other session goes on.
      const stillOpen = await Promise.race([
        other.ended.then(() => 'ended'),
        new Promise((resolve) => setTimeout(() => resolve('open'), 500)),
      ]);
      expect(stillOpen).to.equal('open');
      await other.cancel();
    });

    it('lets the admin give a one-time reset code: the old password and the sessions end, the code holder chooses the new one', async function () {
      const { username, password } = await newCollector();
      const session = await t.login('StationA', username, password);
      const stream = await subscribe(session);
      const RESET = `mutation ${PERSON_ARGS} { resetPassword(org: $org, username: $u) { code expiresAt } }`;
      const REDEEM =
        'mutation ($org: String!, $u: String!, $code: String!, $p: String!) { redeemPasswordReset(org: $org, username: $u, code: $code, newPassword: $p) }';

      expect(codeOf(await t.graphql(RESET, { org: 'StationA', u: username }, await t.login('StationA', 'collector1')))).to.equal(
        'FORBIDDEN',
      );
      expect(codeOf(await t.graphql(RESET, { org: 'StationA', u: username }, await t.login('StationB', 'admin')))).to.equal('FORBIDDEN');
      const reset = await t.graphql(RESET, { org: 'StationAMSP', u: username }, await t.login('StationA', 'admin'));
      const { code, expiresAt } = reset.data.resetPassword as { code: string; expiresAt: string };
      expect(Date.parse(expiresAt) - Date.now()).to.be.within(23 * 3600_000, 24 * 3600_000);
      await within(stream.ended, 3000, 'the subscription ended');
      expect(codeOf(await t.graphql(ME, {}, session)), 'the session before the reset').to.equal('UNAUTHENTICATED');
      expect(codeOf(await t.graphql(LOGIN, { org: 'StationA', u: username, p: password })), 'the old password, at once').to.equal(
        'UNAUTHENTICATED',
      );

      const redeem = (withCode: string, p: string) => t.graphql(REDEEM, { org: 'StationA', u: username, code: withCode, p });
      expect(codeOf(await redeem(`${code}x`, 'my very own new password'))).to.equal('UNAUTHENTICATED');
      expect(codeOf(await redeem(code, 'short'))).to.equal('VALIDATION');
      expect((await redeem(code, 'my very own new password')).data).to.deep.equal({ redeemPasswordReset: true });
      expect(codeOf(await redeem(code, 'another new password')), 'the code a second time').to.equal('UNAUTHENTICATED');
      const again = await t.login('StationA', username, 'my very own new password');
      expect((await t.graphql(ME_MUST_CHANGE, {}, again)).data.me.mustChangePassword).to.equal(false);
    });

    it('disables a person: sessions and subscriptions end at once and nothing signs them in until enabled', async function () {
      const { username, password } = await newCollector();
      const admin = await t.login('StationA', 'admin');
      const session = await t.login('StationA', username, password);
      const stream = await subscribe(session);
      const DISABLE = `mutation ${PERSON_ARGS} { disablePerson(org: $org, username: $u) { username disabled } }`;
      const ENABLE = `mutation ${PERSON_ARGS} { enablePerson(org: $org, username: $u) { username disabled } }`;

      expect(codeOf(await t.graphql(DISABLE, { org: 'StationA', u: username }, session)), 'the person themselves').to.equal('FORBIDDEN');
      expect(codeOf(await t.graphql(DISABLE, { org: 'StationA', u: username }, await t.login('Factory', 'admin')))).to.equal('FORBIDDEN');
      const disabled = await t.graphql(DISABLE, { org: 'StationA', u: username }, admin);
      expect(disabled.data.disablePerson).to.deep.equal({ username, disabled: true });
      await within(stream.ended, 3000, 'the subscription ended');
      expect(codeOf(await t.graphql(ME, {}, session))).to.equal('UNAUTHENTICATED');
      expect(codeOf(await t.graphql(LOGIN, { org: 'StationA', u: username, p: password }))).to.equal('UNAUTHENTICATED');
      const self = await t.graphql(DISABLE, { org: 'StationA', u: 'admin' }, admin);
      expect([codeOf(self), self.errors?.[0]?.extensions?.field]).to.deep.equal(['VALIDATION', 'username']);

      expect((await t.graphql(ENABLE, { org: 'StationA', u: username }, admin)).data.enablePerson).to.deep.equal({
        username,
        disabled: false,
      });
      expect(await t.login('StationA', username, password)).to.be.a('string');
    });
  });

  describe('recording a donation', function () {
    it('lets a collector record a donation, signed with their own identity', async function () {
      const din = newDin(stationA().facilities[0]!);
      const answer = await record(await t.login('StationA', 'collector1'), donation(din));
      expect(answer.errors).to.equal(undefined);
      expect(answer.data.recordDonation).to.include({
        din: din.slice(0, 13),
        station: 'StationAMSP',
        operator: 'collector1',
        volumeMl: 580,
      });
    });

    it('refuses a station QA with FORBIDDEN from the role matrix', async function () {
      const answer = await record(await t.login('StationA', 'stationqa1'), donation(newDin(stationA().facilities[0]!)));
      expect(codeOf(answer)).to.equal('FORBIDDEN');
      expect(answer.errors?.[0]?.message).to.include('collector');
    });

    it('answers bad input with VALIDATION naming the field, and writes nothing', async function () {
      const collector = await t.login('StationA', 'collector1');
      const inspector = await t.gatewayOf('Regulator').services.sessions.authenticate(await t.login('Regulator', 'inspector1'));
      const din = newDin(stationA().facilities[0]!);
      const wrongCheck = din.slice(0, 13) + (din[13] === 'A' ? 'B' : 'A');

      const cases: [Record<string, unknown>, string][] = [
        [donation(wrongCheck), 'din'],
        [donation(din, { volumeMl: 5 }), 'volumeMl'],
        [donation(din, { donorPseudonym: 'Zhang San' }), 'donorPseudonym'],
        [donation(din, { volumeMl: 'a lot' }), 'volumeMl'], // refused by GraphQL's own type check
      ];
      for (const [input, field] of cases) {
        const answer = await record(collector, input);
        expect(answer.errors?.[0]?.extensions, field).to.deep.include({ code: 'VALIDATION', field });
        expect(answer.data?.recordDonation ?? null).to.equal(null);
      }
      const lookUp = await t
        .gatewayOf('Regulator')
        .services.ledger.evaluate({ person: inspector! }, 'Donation:GetDonation', [din])
        .then(
          () => 'found',
          (error: { code?: string }) => error.code,
        );
      expect(lookUp).to.equal('NOT_FOUND');
    });
  });

  describe('limits and errors', function () {
    it('refuses a query deeper than the limit before running it', async function () {
      const nested = '{ organisation { people '.repeat(6);
      const answer = await t.graphql(`{ me ${nested}{ username }${' } }'.repeat(6)} }`, {}, await t.login('Regulator', 'admin'));
      expect(answer.status).to.equal(400);
      expect(codeOf(answer)).to.equal('QUERY_TOO_COMPLEX');
      expect(answer.data).to.equal(undefined);
    });

    it('masks an unexpected error, and logs it under the id the client is given', async function () {
      const answer = await t.graphql('{ failingProbe }');
      const error = answer.errors?.[0];
      expect(error?.message).to.equal('Unexpected error.');
      expect(error?.extensions?.code).to.equal('INTERNAL');
      expect(JSON.stringify(answer)).not.to.include('password');
      expect(unexpected.map((u) => u.errorId)).to.include(error?.extensions?.errorId);
    });

    it('refuses a request body larger than the limit', async function () {
      const response = await fetch(`${t.gatewayOf('StationA').url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ME, variables: { padding: 'x'.repeat(t.configOf('StationA').limits.maxBodyBytes) } }),
      });
      expect(response.status).to.equal(413);
      expect(((await response.json()) as GraphQLAnswer).errors?.[0]?.extensions?.code).to.equal('REQUEST_TOO_LARGE');
    });

    it('serves /health, which the launcher waits for, and no GraphiQL unless a developer turns it on (GATEWAY_DEV=1)', async function () {
      const { url } = t.gatewayOf('StationA');
      const health = await fetch(`${url}/health`);
      expect(health.status).to.equal(200);
      const stationA = organisation(t.topology, 'StationA');
      expect(await gatewayHealthy({ ...stationA, gateway: { host: '127.0.0.1', port: Number(new URL(url).port) } })).to.equal(true);
      const graphiql = async (at: string): Promise<boolean> =>
        /graphiql/i.test(await (await fetch(`${at}/graphql`, { headers: { accept: 'text/html' } })).text());
      expect(await graphiql(url)).to.equal(false);
      const developers = await startGateway({ ...t.configOf('StationA'), listen: { host: '127.0.0.1', port: 0 }, graphiql: true });
      try {
        expect(await graphiql(developers.url)).to.equal(true);
      } finally {
        await developers.close();
      }
    });

    it('answers the pages of configured origins only (CORS), never with credentials', async function () {
      const explorer = 'https://explorer.stationa.example';
      const allowing = await startGateway({
        ...t.configOf('StationA'),
        listen: { host: '127.0.0.1', port: 0 },
        allowedOrigins: [explorer],
      });
      try {
        const from = async (gateway: string, origin: string): Promise<Headers> =>
          (
            await fetch(`${gateway}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin },
              body: JSON.stringify({ query: '{ __typename }' }),
            })
          ).headers;
        for (const gateway of [t.gatewayOf('StationA').url, allowing.url]) {
          const elsewhere = await from(gateway, 'https://evil.example');
          expect(elsewhere.get('access-control-allow-origin'), `${gateway} to another site`).to.equal(null);
          expect(elsewhere.get('access-control-allow-credentials')).to.equal(null);
        }
        expect((await from(t.gatewayOf('StationA').url, explorer)).get('access-control-allow-origin'), 'not configured').to.equal(null);
        const configured = await from(allowing.url, explorer);
        expect(configured.get('access-control-allow-origin')).to.equal(explorer);
        expect(configured.get('access-control-allow-credentials')).to.equal(null);
      } finally {
        await allowing.close();
      }
    });

    it('shows the schema to signed-in people only', async function () {
      const SCHEMA = '{ __schema { queryType { name } } }';
      expect(codeOf(await t.graphql(SCHEMA))).to.equal('UNAUTHENTICATED');
      expect(codeOf(await t.graphql('{ __type(name: "Donation") { name } }'))).to.equal('UNAUTHENTICATED');
      expect((await t.graphql('{ __typename }')).data).to.deep.equal({ __typename: 'Query' });
      const token = await t.login('StationA', 'collector1');
      expect((await t.graphql(SCHEMA, {}, token)).data).to.deep.equal({ __schema: { queryType: { name: 'Query' } } });
    });

    it('refuses an operation selecting more than two fields that probe the network or export, aliases included', async function () {
      const token = await t.login('Regulator', 'inspector1');
      const aliases = (n: number): string =>
        `{ ${Array.from({ length: n }, (_, i) => `s${i}: networkStatus { indexedHeight }`).join(' ')} }`;
      const refused = await t.graphql(aliases(15), {}, token);
      expect(codeOf(refused)).to.equal('QUERY_TOO_COMPLEX');
      expect(refused.errors?.[0]?.message).to.include('networkStatus');
      expect(codeOf(await t.graphql(aliases(3), {}, token))).to.equal('QUERY_TOO_COMPLEX');
      expect(codeOf(await t.graphql(aliases(2), {}, token)), 'two, the most allowed').to.equal(undefined);
      // A fragment's fields count where it is written: spread three times under one field, it is still one probe.
      const spread = 'fragment Probe on Query { networkStatus { indexedHeight } } { ...Probe ...Probe ...Probe }';
      expect(codeOf(await t.graphql(spread, {}, token))).to.equal(undefined);
      const inFragment = `fragment Probes on Query { ${Array.from({ length: 3 }, (_, i) => `s${i}: networkStatus { indexedHeight }`).join(' ')} } { ...Probes }`;
      expect(codeOf(await t.graphql(inFragment, {}, token))).to.equal('QUERY_TOO_COMPLEX');
    });

    it('answers 404, and nothing more, to an asset path that leaves its folder or does not exist', async function () {
      const { port } = new URL(t.gatewayOf('StationA').url);
      // Sent as written: fetch would resolve the dots before sending.
      const get = (rawPath: string): Promise<{ status: number; body: string }> =>
        new Promise((resolve, reject) => {
          const request = httpGet({ host: '127.0.0.1', port: Number(port), path: rawPath }, (response) => {
            let body = '';
            response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          });
          request.on('error', reject);
        });
      const logged = unexpected.length;
      for (const asset of [
        '/assets/../../package.json',
        '/assets/..%2f..%2fpackage.json',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/assets/no-such-file.js',
        '/assets/%E0%A4%A',
      ]) {
        expect(await get(asset), asset).to.deep.equal({ status: 404, body: 'Not found.\n' });
      }
      expect(unexpected.length, 'nothing logged as unexpected').to.equal(logged);
    });

    it('answers a document nested 20,000 levels deep with VALIDATION naming the field, and stores nothing', async function () {
      const token = await t.login('Factory', 'qa1');
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const store = async (argument: 'json' | 'contentBase64', value: string): Promise<GraphQLAnswer> => {
        const query = `mutation ($v: ${argument === 'json' ? 'JsonDocument' : 'String'}) { storeDocument(fileName: "deep.json", mediaType: "application/json", ${argument}: $v) { document { sha256 } } }`;
        const response = await fetch(`${t.gatewayOf('Factory').url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: `{"query":${JSON.stringify(query)},"variables":{"v":${value}}}`,
        });
        return (await response.json()) as GraphQLAnswer;
      };
      const before = (await t.pool.query('SELECT count(*)::int AS n FROM documents')).rows[0].n as number;
      for (const [argument, value] of [
        ['json', deep],
        ['contentBase64', JSON.stringify(Buffer.from(deep).toString('base64'))],
      ] as const) {
        const answer = await store(argument, value);
        expect(codeOf(answer), argument).to.equal('VALIDATION');
        expect(answer.errors?.[0]?.extensions?.field, argument).to.equal(argument);
        expect(answer.errors?.[0]?.message, argument).to.include('64 levels');
      }
      expect((await t.pool.query('SELECT count(*)::int AS n FROM documents')).rows[0].n).to.equal(before);

      // The same depth where a record's field expects a string.
      const collector = await t.login('StationA', 'collector1');
      const response = await fetch(`${t.gatewayOf('StationA').url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${collector}` },
        body: `{"query":${JSON.stringify(RECORD_DONATION)},"variables":{"input":${JSON.stringify(donation(newDin('G1001'))).replace(/"din":"[^"]*"/, `"din":${deep}`)}}}`,
      });
      const answer = (await response.json()) as GraphQLAnswer;
      expect(codeOf(answer)).to.equal('VALIDATION');
      expect(answer.errors?.[0]?.extensions?.field).to.equal('din');
    });
  });

  describe('electronic signatures and demo people', function () {
    it('asks for the password again, then signs a record that jsrsasign verifies with the signer certificate', async function () {
      const { signatures, sessions } = t.gatewayOf('Factory').services;
      const qp = (await sessions.authenticate(await t.login('Factory', 'qp1')))!;
      expect(await signatures.verifyPasswordForSignature(qp, 'not my password')).to.equal(false);
      expect(await signatures.verifyPasswordForSignature(qp, t.password('Factory', 'qp1'))).to.equal(true);

      const canonical = Buffer.from('{"lot":"ALB-2026-0042","meaning":"QP release"}');
      const signed = await signatures.signRecord({ person: qp }, canonical);
      const verifier = new KJUR.crypto.Signature({ alg: 'SHA256withECDSA' });
      const certificate = new X509();
      certificate.readCertPEM(signed.certificate);
      verifier.init(KEYUTIL.getKey(signed.certificate));
      verifier.updateHex(canonical.toString('hex'));
      expect(verifier.verify(Buffer.from(signed.signature, 'base64').toString('hex'))).to.equal(true);
      expect(certificate.getSubjectString()).to.include('CN=qp1');
      expect(signed.digest).to.equal(createHash('sha256').update(canonical).digest('hex'));
    });

    it("seeding again keeps the demo passwords that work, of the gateway's own organisation only, in a file only its owner reads", async function () {
      const factory = t.configOf('Factory');
      const again = await seedDemoPeople(factory);
      expect(again.map((p) => p.password)).to.deep.equal(t.demo.filter((p) => p.org === 'Factory').map((p) => p.password));
      expect(again.map((p) => `${p.username}@${p.org}`)).to.have.members([
        'admin@Factory',
        'warehouse1@Factory',
        'qa1@Factory',
        'qp1@Factory',
      ]);
      expect(again.map((p) => p.role)).not.to.include('service');
      expect(statSync(factory.demoPeopleFile).mode & 0o777).to.equal(0o600);
    });
  });
});
