// The demo story `up` tells, read back through the running gateway: every vial of the demo lot goes back to
// exactly the first bags of the story's donors, and the look-back on the first donor reached the lot. Tells the
// story first when it is not there (telling is idempotent), so the test does not depend on the order of tests.
import { expect } from 'chai';
import { loadTopology } from '@plasma/network';
import { ledgerHeight, loadConfig, openServiceChannel, readDemoPeople, type ServiceChannel } from '@plasma/gateway-api';
import { DEMO_LOT_ID, demoPlan, type DemoStoryOutcome, gatewayUrl, graphqlClient, tellDemoStory } from '@plasma/demo';

const topology = loadTopology();
const UPSTREAM = `query ($code: String!) {
  upstreamOfUnit(code: $code) { lotId donationCount pools { poolDin donations { din station } } }
}`;

describe('the demo story', function () {
  this.timeout(600_000);
  const plan = demoPlan();
  const people = readDemoPeople(loadConfig().demoPeopleFile);
  const client = graphqlClient(gatewayUrl(topology));
  let service: ServiceChannel;
  let outcome: DemoStoryOutcome;
  let token: string;

  before(async function () {
    service = openServiceChannel(topology);
    outcome = await tellDemoStory({
      url: gatewayUrl(topology), topology, people, progress: () => undefined,
      ledgerHeight: async () => Number(await ledgerHeight(service.network)),
    });
    const inspector = people.find((p) => p.role === 'inspector')!;
    token = await client.login(inspector.org, inspector.username, inspector.password);
  });
  after(() => service?.close());

  it('pooled the first bag of each donor, and no other', function () {
    expect(outcome.lotId).to.equal(DEMO_LOT_ID);
    const sequences = outcome.pooledDins.map((din) => Number(din.slice(7, 13)));
    expect(sequences).to.have.members([0, 1, 2, 3].map((donor) => plan.dinSequence(donor, 0)));
  });

  it('recorded every collection as it happened, each donor\'s follow-up bag collected, recorded and screened after the first', async function () {
    const { donationRules } = await client.request('{ donationRules: ledgerObject(type: "rule-set", id: "CN") { record } }', {}, token);
    const { lateEntryHours } = JSON.parse(donationRules.record);
    for (const donor of [0, 1, 2, 3]) {
      const { downstreamOfDonor: { donations } } = await client.request('query ($p: String!) { downstreamOfDonor(pseudonym: $p) { donations } }', { p: plan.donorPseudonym(donor) }, token);
      const [first, followUp] = await Promise.all((donations as string[]).map(async (din) => JSON.parse((await client.request(
        'query ($id: String!) { ledgerObject(type: "donation", id: $id) { record } }', { id: din }, token)).ledgerObject.record)));
      for (const bag of [first, followUp]) {
        // No back-dating: recorded within the hours a scanner's upload may lag, no late entry needed.
        expect(Date.parse(bag.recordedAt) - Date.parse(bag.collectionEnd), bag.din).to.be.within(0, lateEntryHours * 3_600_000);
        expect(bag.lateEntry, bag.din).to.equal(undefined);
      }
      expect(Date.parse(followUp.collectionStart)).to.be.greaterThan(Date.parse(first.collectionEnd));
      expect(Date.parse(followUp.recordedAt)).to.be.greaterThan(Date.parse(first.recordedAt));
      expect(Date.parse(followUp.screening.screenedAt)).to.be.greaterThan(Date.parse(first.screening.screenedAt));
      expect(followUp.station).to.equal(first.station);
    }
  });

  it('traces every vial of the demo lot, GS1 and China code alike, back to exactly those bags', async function () {
    for (const code of [...plan.gs1Vials, ...plan.cnVials]) {
      const { upstreamOfUnit: upstream } = await client.request(UPSTREAM, { code }, token);
      expect(upstream, code).to.not.equal(null);
      expect(upstream.lotId, code).to.equal(DEMO_LOT_ID);
      expect(upstream.pools.map((p: { poolDin: string }) => p.poolDin), code).to.deep.equal([outcome.poolDin]);
      const dins = upstream.pools.flatMap((p: { donations: { din: string }[] }) => p.donations.map((d) => d.din));
      expect(dins, code).to.have.members([...outcome.pooledDins]);
      expect(upstream.donationCount, code).to.equal(outcome.pooledDins.length);
      // Bags of both stations.
      expect(new Set(upstream.pools[0].donations.map((d: { station: string }) => d.station)).size).to.equal(2);
    }
  });

  it("followed the seroconverted donor's plasma to the demo lot's vials and held the lot", async function () {
    const { downstreamOfDonor: downstream } = await client.request(
      'query ($p: String!) { downstreamOfDonor(pseudonym: $p) { donations lots { lotId unitCodes } } }', { p: plan.donorPseudonym(0) }, token);
    expect(downstream.donations).to.have.length(2);
    expect(downstream.lots.map((l: { lotId: string }) => l.lotId)).to.deep.equal([DEMO_LOT_ID]);
    expect(downstream.lots[0].unitCodes).to.have.members([...plan.gs1Vials, ...plan.cnVials]);
    const { ledgerObject } = await client.request('query ($id: String!) { ledgerObject(type: "lot", id: $id) { record } }', { id: DEMO_LOT_ID }, token);
    const lot = JSON.parse(ledgerObject.record);
    expect(lot.status).to.equal('released');
    expect(lot.holds.find((hold: { kind: string }) => hold.kind === 'look-back')?.ref).to.equal(outcome.lookBackCaseId);
    for (const din of downstream.donations as string[]) {
      const { donation } = await client.request('query ($din: String!) { donation(din: $din) { status } }', { din }, token);
      expect(donation.status, din).to.equal('interdicted');
    }
  });
});
