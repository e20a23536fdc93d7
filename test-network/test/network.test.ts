// The consortium network end to end: the donation slice through real peers, orderers and CAs.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { ledgerErrorMessage, type LedgerSession, openSession, stop } from '@plasma/platform';
import { clockToleranceMs, loadTopology, organisation, raftLeader, repoRoot } from '@plasma/network';
import { down, networkStatus, type NodeStatus, readDeployment, redeploy, startOrderer, up } from '@plasma/test-network';
import { donation, newDin, refusal } from '@plasma/testkit';

const topology = loadTopology();
const stationA = organisation(topology, 'StationA');
const stationB = organisation(topology, 'StationB');
const quiet = (): void => undefined;

const decode = (bytes: Uint8Array): any => JSON.parse(Buffer.from(bytes).toString());

describe('consortium network', function () {
  const sessions: LedgerSession[] = [];
  const session = (org: string, user: string): LedgerSession => {
    const s = openSession(topology, org, user);
    sessions.push(s);
    return s;
  };
  after(() => sessions.forEach((s) => s.close()));
  // Whatever failed above (an orderer stopped, the whole network taken down), nothing is left down under the suites
  // after this one.
  after(async function () {
    this.timeout(600_000);
    if (!(await networkStatus(topology)).every((n) => n.healthy)) await up(topology, quiet);
  });

  const record = (s: LedgerSession, input: Record<string, unknown>) =>
    s.contract('Donation').submitTransaction('RecordDonation', JSON.stringify(input));
  const get = async (s: LedgerSession, din: string) => decode(await s.contract('Donation').evaluateTransaction('GetDonation', din));
  /** Another organisation's peer commits the block a moment after the submitter's peer does. */
  const eventually = async <T>(read: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (attempt >= 40 || !/NOT_FOUND/.test(ledgerErrorMessage(error))) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };

  it('status reports three orderers, five peers, four CAs and the chaincode servers healthy', function () {
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'test-network/src/cli.ts', 'status', '--json'], {
      cwd: repoRoot,
    });
    const nodes = JSON.parse(out.toString()) as NodeStatus[];
    const healthy = (kind: string) => nodes.filter((n) => n.kind === kind && n.healthy).length;
    expect({ ca: healthy('ca'), orderer: healthy('orderer'), peer: healthy('peer'), chaincode: healthy('chaincode') }).to.deep.equal({
      ca: 4,
      orderer: 3,
      peer: 5,
      chaincode: 4,
    });
  });

  it("status lists each organisation's gateway, indexer and database service, healthy, with its organisation and address", function () {
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'test-network/src/cli.ts', 'status', '--json'], {
      cwd: repoRoot,
    });
    const nodes = JSON.parse(out.toString()) as NodeStatus[];
    const gateways = nodes.filter((n) => n.kind === 'gateway');
    expect(gateways.map(({ org, address, healthy }) => ({ org, address, healthy }))).to.deep.equal(
      topology.organisations.map((o) => ({ org: o.name, address: `http://${o.gateway.host}:${o.gateway.port}/graphql`, healthy: true })),
    );
    expect(nodes.filter((n) => n.kind === 'indexer' && n.healthy).map((n) => n.org)).to.deep.equal(
      topology.organisations.map((o) => o.name),
    );
  });

  it('status gives the clock offset of every CA, orderer and peer against this host, each within the tolerance', function () {
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'test-network/src/cli.ts', 'status', '--json'], {
      cwd: repoRoot,
    });
    const nodes = JSON.parse(out.toString()) as NodeStatus[];
    const clocked = nodes.filter((n) => ['ca', 'orderer', 'peer'].includes(n.kind));
    expect(clocked.map((n) => n.name)).to.have.length(4 + 3 + 5);
    for (const node of clocked) {
      expect(node.clockOffsetMs, node.name).to.be.a('number');
      expect(Math.abs(node.clockOffsetMs!), node.name).to.be.at.most(clockToleranceMs());
      // One host, one clock: what remains is the Date header's second and the round trip.
      expect(Math.abs(node.clockOffsetMs!), node.name).to.be.below(2_000);
    }
    // A chaincode server shows no clock.
    expect(nodes.filter((n) => n.kind === 'chaincode').map((n) => n.clockOffsetMs)).to.deep.equal([null, null, null, null]);
  });

  it('a StationA collector records a donation that the Regulator reads through its own peer', async function () {
    const din = newDin(stationA.facilities[0]!);
    const input = donation(din);
    await record(session('StationA', 'collector1'), input);

    const stored = await eventually(() => get(session('Regulator', 'inspector1'), din));
    expect(stored).to.include({
      din: din.slice(0, 13),
      station: stationA.mspId,
      operator: 'collector1',
      productCode: input.productCode,
      donorPseudonym: input.donorPseudonym,
      volumeMl: input.volumeMl,
      status: 'collected',
    });
  });

  it('refuses a DIN whose check character is wrong, naming the rule, and writes nothing', async function () {
    const din = newDin(stationA.facilities[0]!);
    const wrong = din.slice(0, 13) + (din[13] === 'A' ? 'B' : 'A');
    const message = await refusal(() => record(session('StationA', 'collector1'), donation(wrong)));
    expect(message).to.match(/^VALIDATION: din: .*mod 37-2/);
    const missing = await refusal(() => get(session('StationA', 'collector1'), din.slice(0, 13)));
    expect(missing).to.match(/^NOT_FOUND/);
  });

  it('refuses a malformed DIN', async function () {
    const message = await refusal(() => record(session('StationA', 'collector1'), donation('O12342612345AB')));
    expect(message).to.match(/^VALIDATION: din: /);
  });

  it('refuses the same DIN twice', async function () {
    const din = newDin(stationA.facilities[0]!);
    const collector = session('StationA', 'collector1');
    await record(collector, donation(din));
    expect(await refusal(() => record(collector, donation(din)))).to.match(/^CONFLICT: /);
  });

  it('refuses a user without the collector role', async function () {
    const message = await refusal(() => record(session('StationA', 'stationqa1'), donation(newDin(stationA.facilities[0]!))));
    expect(message)
      .to.match(/^FORBIDDEN: /)
      .and.to.include('collector');
  });

  it('refuses a StationB collector recording a donation of StationA', async function () {
    const din = newDin(stationA.facilities[0]!);
    const message = await refusal(() => record(session('StationB', 'collector1'), donation(din)));
    expect(message).to.match(/^FORBIDDEN: /);
    expect(await refusal(() => get(session('StationB', 'collector1'), din))).to.match(/^NOT_FOUND/);
    // The same collector records its own station's donations.
    await record(session('StationB', 'collector1'), donation(newDin(stationB.facilities[0]!)));
  });

  it('elects a new Raft leader and keeps committing with the old leader stopped', async function () {
    const victim = await raftLeader(topology);
    expect(victim, 'one orderer leads the channel').to.not.equal(undefined);
    await stop(victim!.name);
    try {
      // The two remaining orderers hold a majority and elect one of themselves (about 5 s of Raft ticks).
      const deadline = Date.now() + 60_000;
      let leader = await raftLeader(topology);
      while ((leader === undefined || leader.name === victim!.name) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        leader = await raftLeader(topology);
      }
      expect(leader?.name).to.be.a('string').and.not.equal(victim!.name);
      const din = newDin(stationA.facilities[0]!);
      await record(session('StationA', 'collector1'), donation(din));
      expect((await eventually(() => get(session('Factory', 'qa1'), din))).din).to.equal(din.slice(0, 13));
    } finally {
      startOrderer(organisation(topology, victim!.org), victim!);
    }
  });

  it('keeps the history of a donation', async function () {
    const din = newDin(stationA.facilities[0]!);
    await record(session('StationA', 'collector1'), donation(din));
    const history = decode(
      await eventually(() => session('Regulator', 'inspector1').contract('Donation').evaluateTransaction('GetDonationHistory', din)),
    );
    expect(history).to.have.length(1);
    expect(history[0].value.din).to.equal(din.slice(0, 13));
  });

  it('redeploys the chaincode under the next sequence and keeps the ledger', async function () {
    const din = newDin(stationA.facilities[0]!);
    await record(session('StationA', 'collector1'), donation(din));
    const before = readDeployment()!.sequence;
    await redeploy(topology, quiet);
    expect(readDeployment()!.sequence).to.equal(before + 1);
    expect((await eventually(() => get(session('Regulator', 'inspector1'), din))).din).to.equal(din.slice(0, 13));
  });

  it('still has the donation after down and up', async function () {
    const din = newDin(stationA.facilities[0]!);
    await record(session('StationA', 'collector1'), donation(din));
    sessions.splice(0).forEach((s) => s.close());
    await down(topology, false, quiet);
    await up(topology, quiet);
    expect((await eventually(() => get(session('Regulator', 'inspector1'), din))).din).to.equal(din.slice(0, 13));
  });
});
