// A new station joins the running consortium (`npm run add-org -- StationC`) and leaves it again (`--remove`): a
// channel update signed by a minority of the members' admins is refused by the orderer, and no admin signs an update
// that holds more than the change it was asked to approve; one signed by a majority
// admits StationC, whose collector then records a donation at G1003 through StationC's own gateway, which StationC
// ships and the factory receives, and which every organisation's gateway shows from its own projection. Taken out
// again, StationC's certificates are honoured no more. A member that left is never admitted again under its MSP ID,
// so this runs once per network: `npm run down -- --clean && npm run up` before running it again.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { firstPeer, loadTopology, organisation, repoRoot, type Topology } from '@plasma/network';
import { gatewayUrl } from '@plasma/gateway-api';
import { demoPeopleOfAll, GraphQLRequestError, graphqlClient, operation } from '@plasma/demo';
import {
  additionOf,
  addOrganisation,
  channelMembers,
  majorityOf,
  type NodeStatus,
  prepareCandidate,
  removeOrganisation,
  updateDir,
} from '@plasma/test-network';
import {
  keepWritesPrivate,
  ledgerErrorMessage,
  openSession,
  prepareConfigUpdate,
  signConfigUpdate,
  submitConfigUpdate,
} from '@plasma/platform';
import { donation, eventually, ledgerPeople, newDin, refusal, screenNegative } from '@plasma/testkit';

const RECORD = operation<{ recordDonation: { din: string } }, { input: Record<string, unknown> }>(
  'mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }',
);
const TRANSACTION = operation<{ transaction: { id: string } | null }, { id: string }>('query ($id: ID!) { transaction(id: $id) { id } }');
const DONATION = operation<{ donation: { status: string; station: string } | null }, { din: string }>(
  'query ($din: String!) { donation(din: $din) { status station } }',
);

const status = (): NodeStatus[] =>
  JSON.parse(
    execFileSync(process.execPath, [require.resolve('tsx/cli'), 'test-network/src/cli.ts', 'status', '--json'], {
      cwd: repoRoot,
    }).toString(),
  ) as NodeStatus[];

describe('a new station joins the running consortium, and leaves it', function () {
  this.timeout(900_000);
  const founders = loadTopology();
  let joined: Topology;

  before(() => keepWritesPrivate());

  it('refuses a channel update adding StationC that only a minority of the members signed', async function () {
    const candidate = await prepareCandidate(founders, 'StationC');
    const adding = await additionOf(candidate);
    const [preparer, second] = majorityOf(founders.organisations);
    const dir = updateDir('StationC', 'add');
    // One admin of four, then two: neither is more than half, as the channel's Admins policy needs.
    const alone = await prepareConfigUpdate(founders, preparer!, dir, adding);
    const needed = Math.floor(founders.organisations.length / 2) + 1;
    expect(await refusal(() => submitConfigUpdate(founders, preparer!, alone, adding))).to.include(
      `1 sub-policies were satisfied, but this policy requires ${needed} of the 'Admins' sub-policies`,
    );
    const half = await prepareConfigUpdate(founders, preparer!, dir, adding);
    await signConfigUpdate(founders, second!, half, adding);
    expect(await refusal(() => submitConfigUpdate(founders, preparer!, half, adding))).to.include(
      `2 sub-policies were satisfied, but this policy requires ${needed} of the 'Admins' sub-policies`,
    );
    expect(loadTopology().organisations.map((o) => o.name)).to.not.include('StationC');
  });

  it('has no admin sign an update other than the change it was asked to approve', async function () {
    const candidate = await prepareCandidate(founders, 'StationC');
    const adding = await additionOf(candidate);
    const [preparer, second] = majorityOf(founders.organisations);
    // A dishonest preparer adds StationC and, in the same update, takes the factory out of the channel.
    const tampered = await prepareConfigUpdate(founders, preparer!, updateDir('StationC', 'add'), (config) => {
      adding(config);
      delete config.channel_group.groups.Application.groups.FactoryMSP;
    });
    expect(await refusal(() => signConfigUpdate(founders, second!, tampered, adding))).to.include(
      `${second!.name}'s admin refuses to sign`,
    );
  });

  it("admits StationC with a majority's signatures: its own gateway records a donation the factory receives, which every gateway indexes and the others' people read as their scope allows", async function () {
    const started = Date.now();
    joined = await addOrganisation(founders, 'StationC', () => undefined);
    console.log(`      add-org StationC took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(loadTopology().organisations.map((o) => o.name)).to.include('StationC');
    const stationC = organisation(joined, 'StationC');

    const gateways = status().filter((n) => n.kind === 'gateway');
    expect(gateways.map((g) => g.org)).to.deep.equal(joined.organisations.map((o) => o.name));
    expect(gateways.every((g) => g.healthy)).to.equal(true);

    // StationC's collector, at StationC's own gateway, records a bag of its facility.
    const people = demoPeopleOfAll(joined);
    const collector = people.find((p) => p.org === 'StationC' && p.username === 'collector1')!;
    const own = graphqlClient(gatewayUrl(stationC));
    const din = newDin(stationC.facilities[0]!);
    const recorded = await eventually(async () =>
      own.request(RECORD, { input: donation(din) }, await own.login(collector.org, collector.username, collector.password)),
    );
    expect(recorded.recordDonation.din).to.equal(din.slice(0, 13));

    // StationC screens, stores and ships it; the factory receives it.
    const ledger = ledgerPeople(joined);
    let receiptTx: string;
    try {
      await screenNegative(ledger, 'StationC', [din]);
      await eventually(() =>
        ledger.submit('StationC', 'collector1', 'Donation', 'RecordStorage', [din], { location: 'G1003 freezer 1', temperatureC: -32 }),
      );
      const shipmentId = `G1003-SHP-${din.slice(7, 13)}`;
      await ledger.submit('StationC', 'collector1', 'Shipment', 'DispatchShipment', {
        shipmentId,
        destination: 'FactoryMSP',
        dins: [din],
        temperatureC: -30,
      });
      const received = await eventually(() =>
        ledger.submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, {
          receivedDins: [din],
          temperatureC: -27,
          labelsChecked: true,
        }),
      );
      expect(received.receipt).to.include({ count: 1 });
      receiptTx = received.lastChange.txId;
    } finally {
      ledger.close();
    }

    // Every organisation's gateway indexes the receipt in its own projection. The station's, the factory's and the
    // regulator's people read the donation there, received; another station's people are refused it (read scopes).
    for (const org of joined.organisations) {
      const person = people.find((p) => p.org === org.name && p.username !== 'admin')!;
      const gateway = graphqlClient(gatewayUrl(org));
      const token = await gateway.login(person.org, person.username, person.password);
      if (org.kind === 'station' && org.name !== 'StationC') {
        await eventually(
          async () => (await gateway.request(TRANSACTION, { id: receiptTx }, token)).transaction,
          (found) => found !== null,
          240,
        );
        const refused = await gateway.request(DONATION, { din }, token).then(
          () => 'read',
          (error: unknown) => (error instanceof GraphQLRequestError ? error.code : String(error)),
        );
        expect(refused, `${org.name}'s gateway`).to.equal('FORBIDDEN');
        continue;
      }
      const seen = await eventually(
        async () => (await gateway.request(DONATION, { din }, token)).donation,
        (found) => found?.status === 'received',
        240,
      );
      expect(seen, `${org.name}'s gateway`).to.deep.include({ status: 'received', station: stationC.mspId });
    }
  });

  it('takes StationC out with a majority of the others: the channel drops its MSP and its certificates are honoured no more', async function () {
    // Its collector reads the factory's registry entry through a founder's peer (any member's peer serves any member)...
    const stationA = organisation(joined, 'StationA');
    const readFactory = async (): Promise<unknown> => {
      const session = openSession(joined, 'StationC', 'collector1', firstPeer(stationA));
      try {
        return await session.contract('Consortium').evaluateTransaction('GetOrganisation', 'FactoryMSP');
      } finally {
        session.close();
      }
    };
    expect(await readFactory()).to.not.equal(undefined);
    expect(await channelMembers(joined, stationA)).to.include('StationCMSP');

    const remaining = await removeOrganisation(joined, 'StationC', () => undefined);
    expect(remaining.organisations.map((o) => o.name)).to.deep.equal(founders.organisations.map((o) => o.name));
    expect(loadTopology().organisations.map((o) => o.name)).to.not.include('StationC');
    expect(await channelMembers(remaining, stationA)).to.not.include('StationCMSP');
    expect(status().filter((n) => n.kind === 'gateway')).to.have.length(founders.organisations.length);

    // ...until the peer applies the update: the same certificate, the same peer, the same read, refused as from no
    // member of the channel.
    let refused = '';
    for (const deadline = Date.now() + 60_000; refused === '' && Date.now() < deadline;) {
      refused = await readFactory().then(
        () => '',
        (error: unknown) => ledgerErrorMessage(error),
      );
      if (refused === '') await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(refused).to.match(/access denied|creator/i);
    // Founders' records go on: a founder's collector still records through the definition approved without StationC.
    const ledger = ledgerPeople(remaining);
    try {
      await ledger.submit('StationA', 'collector1', 'Donation', 'RecordDonation', donation(newDin(stationA.facilities[0]!)));
    } finally {
      ledger.close();
    }
  });
});
