// Faults under load, slimmer than `npm run bench -- faults`: while collectors record donations through both stations'
// gateways, the Raft leader, a station's only peer, a station's indexer and PostgreSQL are killed in turn and brought
// back by a warm `up`. Nothing acknowledged is lost, nothing is recorded twice, everything on the ledger is projected,
// every mutation answered PENDING is resolved by sending it again under its clientRequestId, and each station's gateway
// acknowledges again after every restart. Then the two answers a client must be able to tell apart: LEDGER_UNAVAILABLE
// (nothing sent: try again) and PENDING (sent, outcome not known: ask, or send again under the same id).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { gatewayUrl } from '@plasma/gateway-api';
import { demoPeopleOfAll, graphqlClient, GraphQLRequestError, operation } from '@plasma/demo';
import { loadTopology, organisation, raftLeader } from '@plasma/network';
import { sleep } from '@plasma/platform';
import { networkStatus, up } from '@plasma/test-network';
import { donation, newDin } from '@plasma/testkit';
import { faultDrill, killProcess } from '@plasma/testkit/faults';

const topology = loadTopology();
const quiet = (): void => undefined;

describe('faults under load', function () {
  this.timeout(900_000);

  it("loses, duplicates and leaves unprojected or unresolved nothing when the Raft leader, a station's only peer, an indexer or PostgreSQL dies", async function () {
    const restart = (): Promise<void> => up(topology, quiet);
    const outcomes = await faultDrill(
      topology,
      [
        {
          name: 'the Raft leader',
          inject: async () => killProcess((await raftLeader(topology))!.name),
          repair: restart,
        },
        { name: "a station's only peer", inject: () => killProcess('peer0.stationa'), repair: restart },
        { name: "a station's indexer", inject: () => killProcess('indexer-stationa'), repair: restart },
        { name: 'PostgreSQL', inject: () => killProcess('postgres'), repair: restart },
      ],
      { concurrency: 4, downMs: 4_000, settleMs: 4_000 },
      quiet,
    );
    for (const o of outcomes) {
      expect(o.acknowledged, `${o.fault}: acknowledged`).to.be.greaterThan(0);
      expect({
        fault: o.fault,
        lost: o.lost,
        duplicated: o.duplicated,
        unprojected: o.unprojected,
        pendingUnresolved: o.pendingUnresolved,
        pendingThenRefused: o.pendingThenRefused,
      }).to.deep.equal({
        fault: o.fault,
        lost: 0,
        duplicated: 0,
        unprojected: 0,
        pendingUnresolved: 0,
        pendingThenRefused: 0,
      });
      expect(o.committed, `${o.fault}: every acknowledged mutation is on the ledger`).to.be.at.least(o.acknowledged);
      expect(o.recoveryMs, `${o.fault}: recovered`).to.not.equal(null);
    }
    expect((await networkStatus(topology)).every((n) => n.healthy)).to.equal(true);
  });
});

type Recorded = { recordDonation: { din: string; recordedTxId: string } };
const RECORD = operation<Recorded, { input: ReturnType<typeof donation>; clientRequestId?: string }>(
  `mutation ($input: DonationInput!, $clientRequestId: ID) {
    recordDonation(input: $input, clientRequestId: $clientRequestId) { din recordedTxId }
  }`,
);
const STATUS = operation<{ transactionStatus: { status: string } }, { id: string }>(
  'query ($id: ID!) { transactionStatus(transactionId: $id) { status } }',
);
const DONATION = operation<{ donation: { recordedTxId: string } | null }, { din: string }>(
  'query ($din: String!) { donation(din: $din) { recordedTxId } }',
);

describe('what a client is told when its mutation cannot be answered', function () {
  this.timeout(300_000);
  const station = organisation(topology, 'StationA');
  const client = graphqlClient(gatewayUrl(station));
  const collector = demoPeopleOfAll(topology).find((p) => p.org === station.name && p.username === 'collector1')!;
  const refusal = async (send: Promise<unknown>): Promise<GraphQLRequestError> => {
    const error = await send.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof GraphQLRequestError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error;
  };

  it("tells LEDGER_UNAVAILABLE, and writes nothing, while the station's chaincode server is down", async function () {
    const token = await client.login(collector.org, collector.username, collector.password);
    const din = newDin(station.facilities[0]!);
    await killProcess('chaincode.stationa');
    try {
      const refused = await refusal(client.request(RECORD, { input: donation(din) }, token));
      expect(refused.code).to.equal('LEDGER_UNAVAILABLE');
      expect(refused.message).to.include("no peer's chaincode could endorse the transaction");
    } finally {
      await up(topology, quiet);
    }
    // Nothing was sent: the same bag is recorded now, for the first time.
    expect((await client.request(RECORD, { input: donation(din) }, token)).recordDonation.din).to.equal(din.slice(0, 13));
  });

  it('tells PENDING, naming the transaction, while the orderers take nothing; sent again under its id, it is recorded once', async function () {
    const token = await client.login(collector.org, collector.username, collector.password);
    const din = newDin(station.facilities[0]!);
    const input = donation(din); // the bag as scanned: every send of it sends the same
    const clientRequestId = randomUUID();
    const orderers = (await networkStatus(topology)).filter((n) => n.kind === 'orderer' && n.pid !== null).map((n) => n.pid!);
    orderers.forEach((pid) => process.kill(pid, 'SIGSTOP'));
    let pending: GraphQLRequestError;
    try {
      pending = await refusal(client.request(RECORD, { input, clientRequestId }, token));
    } finally {
      orderers.forEach((pid) => process.kill(pid, 'SIGCONT'));
    }
    expect(pending.code).to.equal('PENDING');
    const sent = pending.transactionId!;
    expect(sent).to.match(/^[0-9a-f]{64}$/);
    expect(pending.message).to.include(`transaction ${sent}`);

    // The orderers took it before they stopped answering, or they did not; either way the station's indexer says so.
    let status = 'PENDING';
    for (let i = 0; i < 30 && status === 'PENDING'; i += 1) {
      await sleep(1_000);
      status = (await client.request(STATUS, { id: sent }, token)).transactionStatus.status;
    }
    const again = (await client.request(RECORD, { input, clientRequestId }, token)).recordDonation;
    if (status === 'COMMITTED') expect(again.recordedTxId, 'the first answer').to.equal(sent);
    else expect(again.recordedTxId).to.not.equal(sent);
    expect((await client.request(STATUS, { id: again.recordedTxId }, token)).transactionStatus.status).to.be.oneOf([
      'COMMITTED',
      'PENDING',
    ]);
    // One record (as the station's projection holds it, once indexed), by the transaction the repeat answered; a third
    // send answers the same.
    let projected: string | undefined;
    for (let i = 0; i < 30 && projected === undefined; i += 1) {
      projected = (await client.request(DONATION, { din }, token)).donation?.recordedTxId;
      if (projected === undefined) await sleep(1_000);
    }
    expect(projected).to.equal(again.recordedTxId);
    expect((await client.request(RECORD, { input, clientRequestId }, token)).recordDonation).to.deep.equal(again);
  });
});
