// One organisation's part is its own: stopped alone (`npm run down -- --org StationB`), the others carry on and
// `npm run status -- --org` shows only its nodes and services; started again alone (`npm run up -- --org StationB`),
// its peer catches up with what the consortium recorded meanwhile, and so does its own projection, which its own
// gateway serves to its own people.
import { expect } from 'chai';
import { loadTopology, organisation } from '@plasma/network';
import { gatewayUrl } from '@plasma/gateway-api';
import { demoPeopleOfAll, graphqlClient, operation } from '@plasma/demo';
import { down, networkStatus, up } from '@plasma/test-network';
import { donation, eventually, ledgerPeople, newDin } from '@plasma/testkit';

const topology = loadTopology();
const stationB = organisation(topology, 'StationB');
const quiet = (): void => undefined;

describe("one organisation's part", function () {
  const people = ledgerPeople(topology);
  after(() => people.close());
  // Whatever failed above, StationB's part is not left down under every suite after this one.
  after(async function () {
    this.timeout(600_000);
    if (!(await networkStatus(topology, stationB)).every((n) => n.healthy)) await up(topology, quiet, stationB);
  });

  it('stops alone while the others carry on, and catches up when started again alone', async function () {
    await down(topology, false, quiet, stationB);
    const stopped = await networkStatus(topology);
    for (const node of stopped) expect(node.pid === null, `${node.name} of ${node.org}`).to.equal(node.org === 'StationB');
    expect((await networkStatus(topology, stationB)).map((n) => n.name).sort()).to.deep.equal(
      ['ca.stationb', 'chaincode.stationb', ...stationB.peers.map((p) => p.name), 'gateway-stationb', 'indexer-stationb'].sort(),
    );

    // Two other organisations endorse a StationA donation while StationB's part is down.
    const din = newDin('G1001');
    const recorded = await people.submit('StationA', 'collector1', 'Donation', 'RecordDonation', donation(din));

    await up(topology, quiet, stationB);
    expect((await networkStatus(topology, stationB)).every((n) => n.healthy)).to.equal(true);
    const seen = await eventually(() => people.query('StationB', 'collector1', 'Donation', 'GetDonation', din));
    expect(seen.status).to.equal('collected');

    // Its own gateway, on its own projection, shows its own people the transaction made while it was down (the
    // donation itself is StationA's, which StationB's people do not read).
    const collector = demoPeopleOfAll(topology).find((p) => p.org === 'StationB' && p.username === 'collector1')!;
    const gateway = graphqlClient(gatewayUrl(stationB));
    const token = await gateway.login(collector.org, collector.username, collector.password);
    const TRANSACTION = operation<{ transaction: { function: string | null; organisation: string } | null }, { id: string }>(
      'query ($id: ID!) { transaction(id: $id) { function organisation } }',
    );
    const projected = await eventually(
      async () => (await gateway.request(TRANSACTION, { id: recorded.recordedTxId }, token)).transaction,
      (found) => found !== null,
      240,
    );
    expect(projected).to.deep.equal({ function: 'Donation:RecordDonation', organisation: 'StationAMSP' });
  });

  it('keeps --clean for the whole host: one organisation is stopped without it', async function () {
    expect(() => down(topology, true, quiet, stationB)).to.throw(
      "--clean removes this host's whole network; StationB's part alone is stopped without it",
    );
  });
});
