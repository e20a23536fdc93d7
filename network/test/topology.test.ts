// The topology's own rules: every organisation has its own gateway address and its own database, and one user its
// indexer reads the channel as; no two listeners share an address, the gateways' and the database server's included.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { configtx } from '../src/configtx';
import { defaultTopologyFile, loadTopology, orderers } from '../src/topology';

/** The project's topology with `change` applied to its text, loaded from a scratch file; the error message, if any. */
function loadChanged(change: (text: string) => string): ReturnType<typeof loadTopology> | string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'topology-'));
  const file = path.join(dir, 'topology.yaml');
  writeFileSync(file, change(readFileSync(defaultTopologyFile, 'utf8')));
  try {
    return loadTopology(file);
  } catch (error) {
    return (error as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('topology', function () {
  it('gives each organisation its own gateway address, its own database and a service user for its indexer', function () {
    const topology = loadTopology();
    const gateways = topology.organisations.map((o) => `${o.gateway.host}:${o.gateway.port}`);
    expect(new Set(gateways).size).to.equal(topology.organisations.length);
    expect(topology.organisations.map((o) => o.database)).to.deep.equal(
      topology.organisations.map((o) => `plasma_${o.name.toLowerCase()}`),
    );
    for (const org of topology.organisations)
      expect(
        org.users.filter((u) => u.role === 'service'),
        org.name,
      ).to.have.length(1);
  });

  it("refuses a gateway on another listener's port, naming the address", function () {
    const problem = loadChanged((text) => text.replace('gateway: { host: local, port: 4200 }', 'gateway: { host: local, port: 17110 }'));
    expect(problem).to.be.a('string').and.include("host:port '127.0.0.1:17110' appears twice");
  });

  it("refuses a name that differs from a member's only in case: its folders, database and processes would be the same", function () {
    const problem = loadChanged((text) =>
      text.replace('  - name: StationB\n    mspId: StationBMSP', '  - name: Stationa\n    mspId: StationBMSP'),
    );
    expect(problem).to.be.a('string').and.include("organisation name (in any case) 'stationa' appears twice");
  });

  it('refuses an organisation without a service user, naming it', function () {
    const lines = readFileSync(defaultTopologyFile, 'utf8').split('\n');
    const factoryService = lines.findIndex(
      (line, i) => /role: service/.test(line) && lines.slice(0, i).some((l) => /name: Factory/.test(l)),
    );
    const problem = loadChanged(() => lines.filter((_, i) => i !== factoryService).join('\n'));
    expect(problem).to.be.a('string').and.include("Factory needs a user with role 'service'");
  });

  it('orders by SmartBFT with four orderers of four organisations, each consenter named by its identity, when the topology asks', function () {
    const bft = loadTopology(path.join(path.dirname(defaultTopologyFile), 'topology-bft.yaml'));
    expect(bft.ordering).to.equal('bft');
    const orderer = (parse(configtx(bft)) as { Profiles: Record<string, { Orderer: Record<string, any> }> }).Profiles.PlasmaChannel!
      .Orderer;
    expect(orderer.OrdererType).to.equal('BFT');
    expect(orderer.EtcdRaft).to.equal(undefined);
    expect(orderer.ConsenterMapping.map((c: { ID: number; MSPID: string }) => [c.ID, c.MSPID])).to.deep.equal(
      orderers(bft).map((o, i) => [i + 1, bft.organisations.find((org) => org.name === o.org)!.mspId]),
    );
    for (const consenter of orderer.ConsenterMapping) expect(consenter.Identity).to.match(/\.identity\.pem$/);
    expect(loadTopology().ordering).to.equal('raft');
  });

  it('refuses BFT ordering with fewer than four orderers: it would not survive one dishonest orderer', function () {
    const problem = loadChanged((text) => text.replace('channel: plasma\n', 'channel: plasma\nordering: bft\n'));
    expect(problem).to.be.a('string').and.include('BFT ordering needs at least 4 orderers run by 4 different organisations');
  });
});
