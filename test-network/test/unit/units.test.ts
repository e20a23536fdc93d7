// The systemd units of one organisation's part run what the supervisor runs, node by node, private to their owner, a
// peer after its chaincode server, and carry no secret.
import { expect } from 'chai';
import { loadTopology, organisation } from '@plasma/network';
import { type Deployment } from '../../src/chaincode';
import { peerLaunch } from '../../src/nodes';
import { systemdUnits, systemdWord, unitName } from '../../src/units';

const topology = loadTopology();
const deployment: Deployment = {
  label: 'plasma_0123456789ab',
  sequence: 2,
  packageIds: Object.fromEntries(topology.organisations.map((o) => [o.name, `plasma_0123456789ab:${o.name.toLowerCase()}`])),
  policy: 'OutOf(2, ...)',
};

describe('systemd units of an organisation', function () {
  it("has one unit per node and service of the organisation and none of another's", function () {
    for (const org of topology.organisations) {
      const nodes = [org.ca, ...org.orderers, org.chaincodeServer, ...org.peers].map((n) => unitName(n.name));
      const suffix = org.name.toLowerCase();
      const ingest = org.name === 'StationA' || org.name === 'Factory' ? [`cold-chain-ingest-${suffix}`] : [];
      const services = [`indexer-${suffix}`, ...ingest, `gateway-${suffix}`].map(unitName);
      expect(systemdUnits(org, deployment).map((u) => u.file)).to.deep.equal([...nodes, ...services]);
    }
  });

  it("runs the organisation's gateway for its organisation, after its peers, with no secret", function () {
    const factory = organisation(topology, 'Factory');
    const gateway = systemdUnits(factory, deployment).find((u) => u.file === unitName('gateway-factory'))!.text;
    expect(gateway).to.include('\nEnvironment=PLASMA_ORGANISATION=Factory\n');
    expect(gateway).to.match(/\nExecStart=\S+node --import tsx \S+gateway-api\/src\/main\.ts\n/);
    expect(gateway).to.include(`\nAfter=network-online.target ${factory.peers.map((p) => unitName(p.name)).join(' ')}\n`);
    expect(gateway).to.not.match(/DATABASE_URL|password|KEY_ENCRYPTION/i);
  });

  it("runs a peer exactly as the supervisor does, after its organisation's chaincode server, private to its owner", function () {
    const factory = organisation(topology, 'Factory');
    const peer = factory.peers[1]!;
    const text = systemdUnits(factory, deployment).find((u) => u.file === unitName(peer.name))!.text;
    const launch = peerLaunch(factory, peer);
    expect(text).to.include(`\nExecStart=${launch.command} node start\n`);
    for (const [name, value] of Object.entries(launch.env ?? {})) expect(text).to.include(`\nEnvironment=${name}=${value}\n`);
    expect(text).to.include(`\nAfter=network-online.target ${unitName(factory.chaincodeServer.name)}\n`);
    expect(text).to.include('\nUMask=0077\n');
  });

  it('gives the CA no password: its unit only starts a CA made once by npm run up', function () {
    const stationA = organisation(topology, 'StationA');
    const ca = systemdUnits(stationA, deployment)[0]!.text;
    expect(ca).to.match(/\nExecStart=\S+fabric-ca-server start /);
    expect(ca).to.not.match(/boot|BOOT|secret|password/i);
  });

  it("names the chaincode server's package and refuses an organisation with none deployed", function () {
    const stationB = organisation(topology, 'StationB');
    expect(systemdUnits(stationB, deployment)[1]!.text).to.include(' --chaincode-id plasma_0123456789ab:stationb ');
    expect(() => systemdUnits(stationB, { ...deployment, packageIds: {} })).to.throw(
      "no chaincode package recorded for StationB; run 'npm run up' first",
    );
  });

  it('quotes a word with a space or a quote, and doubles %, as systemd reads them', function () {
    expect(systemdWord('/opt/plasma/bin/peer')).to.equal('/opt/plasma/bin/peer');
    expect(systemdWord('info:comm.grpc.server=warn')).to.equal('info:comm.grpc.server=warn');
    expect(systemdWord('a b')).to.equal('"a b"');
    expect(systemdWord('say "hi"')).to.equal('"say \\"hi\\""');
    expect(systemdWord('50%')).to.equal('50%%');
    expect(systemdWord('$HOME')).to.equal('"$$HOME"');
  });
});
