// The consortium across hosts: each organisation of network/topology-hosts.yaml on a host of its own (a Linux network
// namespace with its own address on a bridge; namespaces.ts), its nodes known by host name, traffic between the
// organisations only over that network. The consortium is founded once on a machine standing for every host (the
// founding namespace holds every address: `npm run up`, then `npm run down`); each organisation's host then receives
// its own part of it (its keys, its ledgers, the consortium's public material; none of the others' keys, ledgers or
// people, and no database) and runs it alone: `npm run up -- --org <Name>` in its own namespace. A donation recorded at
// StationA's gateway is shipped, received at the factory's and traced from the regulator's.
//
// scripts/test.ts runs it after the other suites, with PLASMA_TOPOLOGY=network/topology-hosts.yaml and
// PLASMA_DATA_DIR=.data-hosts/founding; each organisation's host keeps its data beside it (.data-hosts/<org>).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'node:tls';
import { expect } from 'chai';
import {
  dataHome,
  databaseHome,
  loadTopology,
  logsDir,
  nodeConfigDir,
  nodesOf,
  orgCaCert,
  orgDir,
  repoRoot,
  type Organisation,
} from '@plasma/network';
import { gatewayDataDir, loadConfig, readDemoPeople } from '@plasma/gateway-api';
import { graphqlClient, operation, type GraphQLClient } from '@plasma/demo';
import { donation, negativeScreeningInput, newDin, pseudonym } from '@plasma/testkit';
import { createHosts, foundingNamespace, type Host, hostsOf, namespaceInode, namespaceOfProcess, removeHosts } from './namespaces';

const topology = loadTopology();
const hosts = hostsOf(topology.organisations);
const hostOf = (org: string): Host => hosts.find((h) => h.org === org)!;
/** Where an organisation's host keeps its data: beside the founding machine's. */
const homeOf = (org: string): string => path.join(path.dirname(dataHome), org.toLowerCase());

/** Runs the launcher's CLI inside `namespace` on the data in `home`; its output goes to a log beside that data. */
function cli(namespace: string, home: string, ...args: string[]): Promise<void> {
  const log = `${home}.${args[0]}.log`;
  return new Promise((resolve, reject) => {
    const out = createWriteStream(log);
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', 'test-network/src/cli.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, PLASMA_DATA_DIR: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on('error', reject);
    child.on('close', (code) => {
      out.end(() => {
        if (code === 0) {
          resolve();
          return;
        }
        const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-30).join('\n');
        reject(new Error(`'${args.join(' ')}' in ${namespace} exited ${code}; ${log} ends:\n${tail}`));
      });
    });
  });
}

/** Where `file` of the founding machine's data lies on `org`'s host. */
const onHost = (org: string, file: string): string => path.join(homeOf(org), path.relative(dataHome, file));

/**
 * The founding machine's data as `org`'s host receives it: without any other organisation's keys, ledgers or people,
 * and without the founding machine's PostgreSQL: the host makes its own server and database, whose projection its
 * indexer rebuilds from its own peer and whose people its gateway seeds.
 */
function handOver(org: Organisation): void {
  const home = homeOf(org.name);
  rmSync(home, { recursive: true, force: true });
  execFileSync('cp', ['-a', dataHome, home]); // owners and modes kept, as a restore would
  const notItsOwn = [
    databaseHome,
    ...topology.organisations
      .filter((other) => other !== org)
      .flatMap((other) => [
        orgDir(other.name),
        gatewayDataDir(other.name),
        ...nodesOf(other).map((node) => path.dirname(nodeConfigDir(node.name))),
      ]),
  ];
  for (const file of notItsOwn) rmSync(onHost(org.name, file), { recursive: true, force: true });
}

interface Status {
  name: string;
  org: string;
  pid: number | null;
  healthy: boolean;
}

/** `npm run status -- --json --org <Name>` run on the organisation's own host. */
async function statusOf(org: string): Promise<Status[]> {
  const host = hostOf(org);
  await cli(host.namespace, homeOf(org), 'status', '--json', '--org', org).catch(() => undefined); // unhealthy exits 1
  const log = readFileSync(`${homeOf(org)}.status.log`, 'utf8');
  return JSON.parse(log.slice(log.indexOf('['))) as Status[];
}

/** Retries a step a node has not seen the previous step's block for yet; the last failure is the answer. */
async function retried<T>(step: () => Promise<T>, attempts = 40): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

describe('the consortium across hosts (network namespaces)', function () {
  const started = Date.now();

  before(async function () {
    this.timeout(20 * 60_000);
    if (!process.env.PLASMA_TOPOLOGY?.endsWith('topology-hosts.yaml') || !process.env.PLASMA_DATA_DIR) {
      throw new Error(
        'run with PLASMA_TOPOLOGY=network/topology-hosts.yaml and PLASMA_DATA_DIR=.data-hosts/founding (scripts/test.ts does)',
      );
    }
    createHosts(hosts);
    // The folder of every host's data: PostgreSQL's user passes through it to its cluster, and may list nothing there.
    mkdirSync(path.dirname(dataHome), { recursive: true });
    chmodSync(path.dirname(dataHome), 0o711);
    await cli(foundingNamespace, dataHome, 'up');
    await cli(foundingNamespace, dataHome, 'down');
    for (const org of topology.organisations) handOver(org);
    await Promise.all(hosts.map((host) => cli(host.namespace, homeOf(host.org), 'up', '--org', host.org)));
    console.log(`      (founded and started on ${hosts.length} hosts in ${Math.round((Date.now() - started) / 1000)} s)`);
  });

  after(async function () {
    this.timeout(5 * 60_000);
    // Each host's logs outlive it, beside its data (.data-hosts/<host>-logs), for whoever reads a failed run.
    for (const home of [dataHome, ...hosts.map((host) => homeOf(host.org))]) {
      rmSync(`${home}-logs`, { recursive: true, force: true });
      if (existsSync(path.join(home, path.relative(dataHome, logsDir)))) {
        execFileSync('cp', ['-a', path.join(home, path.relative(dataHome, logsDir)), `${home}-logs`]);
      }
    }
    await Promise.allSettled(hosts.map((host) => cli(host.namespace, homeOf(host.org), 'down', '--clean')));
    await cli(foundingNamespace, dataHome, 'down', '--clean').catch(() => undefined);
    removeHosts(hosts);
    console.log(`      (the namespace test took ${Math.round((Date.now() - started) / 1000)} s in all)`);
  });

  it("runs each organisation's part in its own namespace, healthy, each process of it there", async function () {
    for (const host of hosts) {
      const status = await statusOf(host.org);
      expect(status.length, `${host.org}'s nodes and services`).to.be.greaterThan(3);
      for (const entry of status) {
        expect(entry.healthy, `${entry.name} of ${host.org} healthy`).to.equal(true);
        expect(namespaceOfProcess(entry.pid!), `${entry.name} runs in ${host.namespace}`).to.equal(namespaceInode(host.namespace));
      }
    }
  });

  it('serves TLS under each host name of the topology, which the certificates carry', async function () {
    const handshake = (host: Host, port: number, servername: string): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect({ host: host.address, port, servername, ca: readFileSync(orgCaCert(host.org)), ALPNProtocols: ['h2'] });
        socket.once('secureConnect', () => {
          socket.destroy();
          resolve('trusted');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    for (const org of topology.organisations) {
      const host = hostOf(org.name);
      const peer = org.peers[0]!;
      expect(await handshake(host, peer.port, host.name), `${peer.name} as ${host.name}`).to.equal('trusted');
      expect(await handshake(host, peer.port, 'elsewhere.plasma.test'), `${peer.name} as another host`).to.equal(
        'ERR_TLS_CERT_ALTNAME_INVALID',
      );
    }
  });

  it("records a donation at StationA's gateway, ships it, receives it at the factory's and traces it from the regulator's", async function () {
    this.timeout(5 * 60_000);
    const gateway = (org: string): GraphQLClient =>
      graphqlClient(`http://${hostOf(org).address}:${topology.organisations.find((o) => o.name === org)!.gateway.port}`);
    const signIn = (org: string, username: string): Promise<string> => {
      // As the organisation's own gateway seeded them, on its own host.
      const person = readDemoPeople(onHost(org, loadConfig(org).demoPeopleFile)).find((p) => p.username === username)!;
      return gateway(org).login(person.org, person.username, person.password);
    };
    const stationA = gateway('StationA');
    const [collector, stationQa, warehouse, inspector] = await Promise.all([
      signIn('StationA', 'collector1'),
      signIn('StationA', 'stationqa1'),
      signIn('Factory', 'warehouse1'),
      signIn('Regulator', 'inspector1'),
    ]);

    const din = newDin('G1001');
    const donor = pseudonym();
    const RECORD = operation<{ recordDonation: { status: string } }, { input: Record<string, unknown> }>(
      'mutation ($input: DonationInput!) { recordDonation(input: $input) { status } }',
    );
    expect((await stationA.request(RECORD, { input: donation(din, { donorPseudonym: donor }) }, collector)).recordDonation.status).to.equal(
      'collected',
    );

    const RULES = operation<{ ruleSet: { storageLimitC: number; mandatoryTests: { donation: string[] } } }, { jurisdiction: string }>(
      'query ($jurisdiction: String!) { ruleSet(jurisdiction: $jurisdiction) { storageLimitC mandatoryTests { donation } } }',
    );
    const { ruleSet } = await retried(() => stationA.request(RULES, { jurisdiction: 'CN' }, stationQa));
    const SCREEN = operation<{ recordScreening: { status: string } }, { din: string; screening: Record<string, unknown> }>(
      'mutation ($din: String!, $screening: ScreeningInput!) { recordScreening(din: $din, screening: $screening) { status } }',
    );
    const screening = negativeScreeningInput(ruleSet.mandatoryTests.donation);
    await retried(() => stationA.request(SCREEN, { din, screening }, stationQa));
    const STORE = operation<{ recordStorage: { status: string }[] }, { dins: string[]; storage: Record<string, unknown> }>(
      'mutation ($dins: [String!]!, $storage: StorageInput!) { recordStorage(dins: $dins, storage: $storage) { status } }',
    );
    await retried(() =>
      stationA.request(
        STORE,
        { dins: [din], storage: { location: 'plasma freezer F1', temperatureC: ruleSet.storageLimitC - 10 } },
        collector,
      ),
    );
    // The DIN's sequence digits, not its check character, which may be "*" and is no id character.
    const shipmentId = `G1001-HOSTS-${din.slice(-7, -1)}`;
    const DISPATCH = operation<{ dispatchShipment: { status: string } }, { shipment: Record<string, unknown> }>(
      'mutation ($shipment: ShipmentDispatchInput!) { dispatchShipment(shipment: $shipment) { status } }',
    );
    await retried(() =>
      stationA.request(
        DISPATCH,
        { shipment: { shipmentId, destination: 'FactoryMSP', dins: [din], temperatureC: ruleSet.storageLimitC - 8 } },
        collector,
      ),
    );

    // The factory's gateway endorses on the factory's peers, which learn of the shipment over the bridge.
    const RECEIVE = operation<{ receiveShipment: { status: string } }, { shipmentId: string; receipt: Record<string, unknown> }>(
      'mutation ($shipmentId: String!, $receipt: ShipmentReceiptInput!) { receiveShipment(shipmentId: $shipmentId, receipt: $receipt) { status } }',
    );
    const receipt = { receivedDins: [din], temperatureC: ruleSet.storageLimitC - 5, labelsChecked: true };
    expect((await retried(() => gateway('Factory').request(RECEIVE, { shipmentId, receipt }, warehouse))).receiveShipment.status).to.equal(
      'received',
    );

    // The regulator's gateway reads its own projection of its own peer's ledger.
    const TRACE = operation<
      { donation: { din: string; status: string } | null; downstreamOfDonor: { donations: string[] } },
      { din: string; donor: string }
    >('query ($din: String!, $donor: String!) { donation(din: $din) { din status } downstreamOfDonor(pseudonym: $donor) { donations } }');
    const traced = await retried(async () => {
      const answer = await gateway('Regulator').request(TRACE, { din, donor }, inspector);
      if (answer.donation?.status !== 'received') throw new Error(`the regulator's projection shows ${din} as ${answer.donation?.status}`);
      return answer;
    }, 120);
    // The donor's one donation, as the ledger keys it (its DIN without the printed check character).
    expect(traced.downstreamOfDonor.donations).to.deep.equal([traced.donation!.din]);
    expect(din.startsWith(traced.donation!.din)).to.equal(true);
  });
});
