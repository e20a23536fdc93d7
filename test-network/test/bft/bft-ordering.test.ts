// Ordering that tolerates a dishonest orderer: the consortium of network/topology-bft.yaml, ordered by SmartBFT with
// four orderers of four organisations, keeps committing with one orderer stopped, and the stopped orderer catches up
// once it is back. npm test runs this against the BFT network it brings up after the Raft network's tests
// (PLASMA_TOPOLOGY=network/topology-bft.yaml, PLASMA_DATA_DIR=.data-bft; .mocharc.bft.yml).
import { expect } from 'chai';
import { loadTopology, orderers, organisation } from '@plasma/network';
import { runningPid, stop, waitFor } from '@plasma/platform';
import { ledgerHeight } from '@plasma/gateway-api';
import { ordererHeight, startOrderer } from '@plasma/test-network';
import { donation, eventually, ledgerPeople, newDin } from '@plasma/testkit';

const topology = loadTopology();

describe('SmartBFT ordering (network/topology-bft.yaml)', function () {
  this.timeout(300_000);
  const people = ledgerPeople(topology);
  after(() => people.close());

  it('runs four orderers of four organisations', function () {
    expect(topology.ordering, 'this suite runs against the BFT network: PLASMA_TOPOLOGY=network/topology-bft.yaml').to.equal('bft');
    expect(new Set(orderers(topology).map((o) => o.org)).size).to.equal(4);
    for (const orderer of orderers(topology)) expect(runningPid(orderer.name), orderer.name).to.not.equal(undefined);
  });

  it('keeps committing with one orderer stopped, and the orderer catches up when it is back', async function () {
    const stationB = organisation(topology, 'StationB');
    const stopped = stationB.orderers[0]!;
    expect(await stop(stopped.name)).to.equal(true);

    // Three of four orderers agree on every block: StationA's donations commit without StationB's orderer.
    const stationA = organisation(topology, 'StationA');
    for (let i = 0; i < 5; i += 1) {
      const din = newDin(stationA.facilities[0]!);
      await people.submit('StationA', 'collector1', 'Donation', 'RecordDonation', donation(din));
      // Committed at StationA's peer; the Regulator's may be a block behind for a moment.
      const read = await eventually(() => people.query('Regulator', 'inspector1', 'Donation', 'GetDonation', din));
      expect(read.status).to.equal('collected');
    }
    const height = Number(await ledgerHeight(people.as('StationA', 'collector1').gateway.getNetwork(topology.channel)));

    startOrderer(stationB, stopped);
    await waitFor(
      `${stopped.name} to catch up with block ${height - 1}`,
      async () => (await ordererHeight(topology, stationB, stopped).catch(() => 0)) >= height,
      120_000,
    );
    expect(await ordererHeight(topology, stationB, stopped)).to.be.at.least(height);
  });
});
