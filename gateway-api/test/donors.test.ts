// Donors through the gateway on the real network (issue 14): station QA defers a donor, the collector's next donation
// of that donor is refused naming the deferral and nothing is written, the donor's standing says so and says when they
// may give, another station cannot turn the donor away, and once the regulator lifts the deferral the donor gives.
// (The 14-day interval is the chaincode's, tested on its test ledger: this network's rule change sets none, so that
// each donor's follow-up bag comes minutes later.)
import { expect } from 'chai';
import { organisation } from '@plasma/network';
import { collectTwice, donation, eventually, ledgerPeople, newDin, pseudonym } from '@plasma/testkit';
import { dataOf, type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const DAY = 24 * 60 * 60 * 1000;
const RECORD_DONATION = 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din recordedTxId } }';
const DEFER =
  'mutation ($donor: String!, $deferral: DeferralInput!) { deferDonor(donorPseudonym: $donor, deferral: $deferral) { deferrals { deferralId kind reason from until deferredBy { mspId name } } lastChange { txId } } }';
const LIFT =
  'mutation ($donor: String!, $id: ID!, $reason: String!) { liftDeferral(donorPseudonym: $donor, deferralId: $id, reason: $reason) { deferrals { lifted { at reason by { mspId } } } lastChange { txId } } }';
const STANDING = `query ($donor: String!) { donorStanding(donorPseudonym: $donor) {
  donorPseudonym jurisdiction donationIntervalDays eligibleFrom
  deferredNow { deferralId kind reason until }
  donor { deferrals { deferralId lifted { reason } } }
  donations { din station status }
} }`;

const REGISTER = 'query { donorRegister(first: 20) { donorPseudonym donations deferredNow { kind reason deferredBy { mspId } } } }';

const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;

describe('donors: deferrals honoured when a donation is recorded (gateway, real network)', function () {
  this.timeout(300_000);
  let t: TestGateway;
  const as = (org: string, username: string): Promise<string> => t.tokenOf(org, username);
  /** A collection at StationA ending now, which began at `startedAt` (by default 46 minutes ago). */
  const collect = async (donor: string, startedAt?: string): Promise<GraphQLAnswer> => {
    const din = newDin(organisation(t.topology, 'StationA').facilities[0]!);
    const window = startedAt === undefined ? {} : { collectionStart: startedAt, collectionEnd: new Date().toISOString() };
    return t.graphql(RECORD_DONATION, { input: donation(din, { donorPseudonym: donor, ...window }) }, await as('StationA', 'collector1'));
  };
  const standing = async (donor: string): Promise<any> =>
    dataOf(await t.graphql(STANDING, { donor }, await as('StationA', 'collector1'))).donorStanding;

  before(async () => {
    t = await testGateway({ indexed: 'from now' });
  });
  after(async () => t?.close());

  it('turns a deferred donor away at the chair, naming the deferral, writes nothing, and gives again once the regulator lifts it', async () => {
    const donor = pseudonym();
    const until = new Date(Date.now() + 30 * DAY).toISOString();
    const deferred = dataOf(
      await t.graphql(DEFER, { donor, deferral: { kind: 'temporary', reason: 'medical', until } }, await as('StationA', 'stationqa1')),
    ).deferDonor;
    const [deferral] = deferred.deferrals;
    expect(deferral).to.deep.include({ kind: 'temporary', reason: 'medical', deferredBy: { mspId: 'StationAMSP', name: 'stationqa1' } });
    expect(Date.parse(deferral.until)).to.equal(Date.parse(until));
    await t.untilIndexed(deferred.lastChange.txId);

    // The station's register lists the donor it deferred, though they never gave there.
    const registered = async (): Promise<any> =>
      dataOf(await t.graphql(REGISTER, {}, await as('StationA', 'stationqa1'))).donorRegister.find(
        (d: { donorPseudonym: string }) => d.donorPseudonym === donor,
      );
    expect(await registered()).to.deep.equal({
      donorPseudonym: donor,
      donations: 0,
      deferredNow: { kind: 'temporary', reason: 'medical', deferredBy: { mspId: 'StationAMSP' } },
    });

    const before = await standing(donor);
    expect(before).to.deep.include({ donorPseudonym: donor, jurisdiction: 'CN', donationIntervalDays: 0 });
    expect(before.deferredNow).to.deep.include({ deferralId: deferral.deferralId, kind: 'temporary' });
    expect(Date.parse(before.eligibleFrom)).to.equal(Date.parse(until));

    // A collection begun after the deferral (one begun before it is the bag of that visit, and is recorded).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const refused = await collect(donor, new Date(Date.parse(deferral.from) + 1000).toISOString());
    expect(codeOf(refused)).to.equal('VALIDATION');
    expect(refused.errors?.[0]?.extensions?.field).to.equal('donorPseudonym');
    expect(refused.errors?.[0]?.message).to.contain(`deferral ${deferral.deferralId}`).and.to.contain('a deferred donor is not collected');
    const kept = await t.pool.query('SELECT count(*)::int AS n FROM donations WHERE donor_pseudonym = $1', [donor]);
    expect(kept.rows[0].n).to.equal(0);

    const lifted = dataOf(
      await t.graphql(LIFT, { donor, id: deferral.deferralId, reason: 'entered-in-error' }, await as('Regulator', 'regulator1')),
    ).liftDeferral;
    expect(lifted.deferrals[0].lifted).to.deep.include({ reason: 'entered-in-error', by: { mspId: 'RegulatorMSP' } });
    await t.untilIndexed(lifted.lastChange.txId);

    // Begun after the lifting, so only the lifting lets it in.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const recorded = dataOf(await collect(donor, new Date(Date.parse(lifted.deferrals[0].lifted.at) + 1000).toISOString())).recordDonation;
    await t.untilIndexed(recorded.recordedTxId);
    const after = await standing(donor);
    expect(after.deferredNow).to.equal(null);
    expect(after.donor.deferrals[0].lifted).to.deep.equal({ reason: 'entered-in-error' });
    expect(after.donations).to.deep.equal([{ din: recorded.din, station: 'StationAMSP', status: 'collected' }]);
    expect(Date.parse(after.eligibleFrom)).to.be.at.most(Date.now());
    expect(await registered()).to.deep.include({ donations: 1, deferredNow: null });
  });

  it("does not let one station turn away another station's donor, and names the field of a bad deferral", async () => {
    const donor = pseudonym();
    dataOf(await collect(donor));
    const elsewhere = await t.graphql(
      DEFER,
      { donor, deferral: { kind: 'permanent', reason: 'other' } },
      await as('StationB', 'stationqa1'),
    );
    expect(codeOf(elsewhere)).to.equal('FORBIDDEN');
    expect(elsewhere.errors?.[0]?.message).to.contain('StationBMSP has not collected from this donor');

    const qa = await as('StationA', 'stationqa1');
    const noEnd = await t.graphql(DEFER, { donor, deferral: { kind: 'temporary', reason: 'medical' } }, qa);
    expect(noEnd.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'deferral.until' });
    const notACategory = await t.graphql(DEFER, { donor, deferral: { kind: 'permanent', reason: 'HIV positive' } }, qa);
    expect(notACategory.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'deferral.reason' });
    const aName = await t.graphql(DEFER, { donor: 'Zhang San', deferral: { kind: 'permanent', reason: 'medical' } }, qa);
    expect(aName.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'donorPseudonym' });
    // None of them wrote a donor record.
    const answer = await t.graphql(STANDING, { donor }, qa);
    expect(dataOf(answer).donorStanding.donor).to.equal(null);
  });

  it("lists the bags a station never dispatched, each with the other stations its donor gave at, for the regulator and the station's own", async () => {
    const UNMOVED = `query ($days: Int, $station: String) { unmovedDonations(olderThanDays: $days, station: $station) {
      din station donorPseudonym status daysHeld donorAlsoGaveAt } }`;
    type Unmoved = { din: string; station: string; donorPseudonym: string; status: string; daysHeld: number; donorAlsoGaveAt: string[] };
    const unmoved = async (token: string, variables: Record<string, unknown>): Promise<Unmoved[]> =>
      dataOf(await t.graphql(UNMOVED, variables, token)).unmovedDonations;

    // A donor gives at StationA, whose bag ships; StationB then records a bag of theirs that it never ships.
    const donor = pseudonym();
    const people = ledgerPeople(t.topology);
    let shipped: string;
    try {
      [shipped] = (await collectTwice(people, [donor])).firsts as [string];
      await eventually(() =>
        people.submit('StationA', 'collector1', 'Donation', 'RecordStorage', [shipped], { location: 'F1', temperatureC: -32 }),
      );
      await people.submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', {
        shipmentId: `G1001-SHP-UNMOVED-${shipped.slice(5, 13)}`,
        destination: 'FactoryMSP',
        dins: [shipped],
        temperatureC: -30,
      });
    } finally {
      people.close();
    }
    const din = newDin(organisation(t.topology, 'StationB').facilities[0]!);
    const recorded = dataOf(
      await t.graphql(RECORD_DONATION, { input: donation(din, { donorPseudonym: donor }) }, await as('StationB', 'collector1')),
    );
    await t.untilIndexed(recorded.recordDonation.recordedTxId);
    await t.untilCaughtUp();

    const inspector = await as('Regulator', 'inspector1');
    const atB = await unmoved(inspector, { days: 0, station: 'StationBMSP' });
    expect(atB.find((u) => u.din === recorded.recordDonation.din)).to.deep.equal({
      din: recorded.recordDonation.din,
      station: 'StationBMSP',
      donorPseudonym: donor,
      status: 'collected',
      daysHeld: 0,
      donorAlsoGaveAt: ['StationAMSP'],
    });
    // The bag that shipped is not listed, though its follow-up, never shipped, is.
    const ofDonorAtA = (await unmoved(inspector, { days: 0 })).filter((u) => u.donorPseudonym === donor && u.station === 'StationAMSP');
    expect(ofDonorAtA.map((u) => u.din))
      .to.have.length(1)
      .and.not.include(shipped!.slice(0, 13));
    expect(ofDonorAtA[0]!.donorAlsoGaveAt).to.deep.equal(['StationBMSP']);
    // Collected today: not yet 30 days old.
    expect((await unmoved(inspector, { days: 30, station: 'StationBMSP' })).map((u) => u.din)).to.not.include(recorded.recordDonation.din);

    // A station sees its own bags only; the factory holds none of these.
    const stationB = await as('StationB', 'collector1');
    const own = await unmoved(stationB, { days: 0 });
    expect(own.map((u) => u.din)).to.include(recorded.recordDonation.din);
    expect([...new Set(own.map((u) => u.station))]).to.deep.equal(['StationBMSP']);
    expect(codeOf(await t.graphql(UNMOVED, { days: 0, station: 'StationAMSP' }, stationB))).to.equal('FORBIDDEN');
    expect(codeOf(await t.graphql(UNMOVED, { days: 0 }, await as('Factory', 'qa1')))).to.equal('FORBIDDEN');
    const negative = await t.graphql(UNMOVED, { days: -1 }, inspector);
    expect(negative.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'olderThanDays' });
  });
});
