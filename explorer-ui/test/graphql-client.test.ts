// The explorer's GraphQL client against the real gateway: typed requests, failures with their stable codes, the
// session ended when the gateway no longer knows its token, and results over server-sent events.
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from 'chai';
import { computeDinCheckCharacter } from '@plasma/chaincode';
import { graphqlClient } from '../src/graphql/client';
import { GraphQLFailure } from '../src/graphql/graphql-failure';
import { operation } from '../src/graphql/operation';
import { BLOCK_ADDED } from '../src/pages/network/network-operations';
import { RECORD_DONATION } from '../src/pages/station/record-donation-operations';
import { LOGIN, ME } from '../src/session/person';
import { demoPeople, demoPerson } from './support/demo-people';
import { startExplorerGateway, type ExplorerGateway } from './support/explorer-gateway';

const TYPENAME = operation<{ __typename: string }>('query Typename { __typename }');

describe('explorer GraphQL client', function () {
  // The regulator's explorer, and a station's for the donation that makes a block.
  const gateways = new Map<string, ExplorerGateway>();
  before(async function () {
    for (const org of ['Regulator', 'StationA']) gateways.set(org, await startExplorerGateway(org));
  });
  after(async function () {
    for (const gateway of gateways.values()) await gateway.close();
  });

  const client = (token?: string, onSessionEnded = (): void => undefined, org = 'Regulator') =>
    graphqlClient({ endpoint: `${gateways.get(org)!.url}/graphql`, token: () => token, onSessionEnded });

  it('signs in and reads the signed-in person with the token', async function () {
    const inspector = demoPerson(demoPeople(), 'Regulator', 'inspector1');
    const { login } = await client().request(LOGIN, { org: inspector.org, username: inspector.username, password: inspector.password });
    const { me } = await client(login.token).request(ME, {});
    expect(me).to.include({ username: 'inspector1', role: 'inspector' });
    expect(me.organisation).to.deep.equal({ name: 'Regulator', mspId: 'RegulatorMSP', kind: 'regulator', facilities: [] });
  });

  it("fails with the gateway's code, and ends the session when its token is no longer known", async function () {
    let ended = false;
    const failure = await client('no-such-token', () => {
      ended = true;
    })
      .request(ME, {})
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).to.be.instanceOf(GraphQLFailure).and.to.include({ code: 'UNAUTHENTICATED' });
    expect(ended).to.equal(true);
  });

  it("receives results as server-sent events and stops at the stream's end", async function () {
    const received = await new Promise<unknown[]>((resolve, reject) => {
      const data: unknown[] = [];
      const stop = client().subscribe(TYPENAME, {}, { next: (d) => data.push(d), error: reject });
      // A query over SSE sends one result, then completes; the client must not reconnect after `complete`.
      setTimeout(() => {
        stop();
        resolve(data);
      }, 1500);
    });
    expect(received).to.deep.equal([{ __typename: 'Query' }]);
  });

  it('hears of each new block through the blockAdded subscription', async function () {
    const people = demoPeople();
    const signIn = async (org: string, username: string) => {
      const person = demoPerson(people, org, username);
      return (await client(undefined, undefined, org).request(LOGIN, { org, username, password: person.password })).login.token;
    };
    const blocks: number[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const stop = client(await signIn('Regulator', 'inspector1')).subscribe(
      BLOCK_ADDED,
      {},
      {
        open: opened,
        next: ({ blockAdded }) => blocks.push(blockAdded.number),
        error: () => undefined,
      },
    );
    try {
      await open;
      const din = `G1001${String(new Date().getUTCFullYear() % 100).padStart(2, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      const end = Date.now() - 60_000;
      await client(await signIn('StationA', 'collector1'), undefined, 'StationA').request(RECORD_DONATION, {
        input: {
          din: `${din}${computeDinCheckCharacter(din)}`,
          productCode: 'E0701V00',
          donorPseudonym: randomBytes(32).toString('hex'),
          collectionStart: new Date(end - 45 * 60_000).toISOString(),
          collectionEnd: new Date(end).toISOString(),
          volumeMl: 600,
          deviceSerial: 'PCS2-0042',
          anticoagulantLot: 'ACD-24117',
        },
      });
      const deadline = Date.now() + 30_000;
      while (blocks.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(blocks).to.have.length.greaterThan(0);
    } finally {
      stop();
    }
  });
});
