// Correcting a mistyped collection item through the gateway on the real network (issue 14, EU GMP Annex 11 §9): the
// collector proposes, the station's QA applies; nobody reviews their own correction; a bad one names its field.
import { expect } from 'chai';
import { organisation } from '@plasma/network';
import { donation, newDin } from '@plasma/testkit';
import { dataOf, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const RECORD_DONATION = 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }';
const PROPOSE =
  'mutation ($din: String!, $correction: CorrectionInput!) { proposeCorrection(din: $din, correction: $correction) { volumeMl corrections { field from to status proposedBy { name } } } }';
const REVIEW =
  'mutation ($din: String!, $review: CorrectionReviewInput!) { reviewCorrection(din: $din, review: $review) { volumeMl corrections { status reviewedBy { name } } lastChange { reason txId } } }';

describe('donation corrections through the gateway (real network)', function () {
  this.timeout(300_000);
  let t: TestGateway;
  const as = (org: string, username: string): Promise<string> => t.tokenOf(org, username);
  const recorded = async (): Promise<string> => {
    const din = newDin(organisation(t.topology, 'StationA').facilities[0]!);
    return dataOf(await t.graphql(RECORD_DONATION, { input: donation(din) }, await as('StationA', 'collector1'))).recordDonation.din;
  };

  before(async () => {
    t = await testGateway({ indexed: 'from now' });
  });
  after(async () => t?.close());

  it("changes the volume only once the station's QA applies the collector's correction, keeping the original", async () => {
    const din = await recorded();
    const reason = 'typed 580 for 570';
    const proposed = dataOf(
      await t.graphql(PROPOSE, { din, correction: { field: 'volumeMl', to: '570', reason } }, await as('StationA', 'collector1')),
    ).proposeCorrection;
    expect(proposed.volumeMl).to.equal(580);
    expect(proposed.corrections).to.deep.equal([
      { field: 'volumeMl', from: '580', to: '570', status: 'proposed', proposedBy: { name: 'collector1' } },
    ]);
    const applied = dataOf(
      await t.graphql(REVIEW, { din, review: { decision: 'apply' } }, await as('StationA', 'stationqa1')),
    ).reviewCorrection;
    expect(applied).to.deep.include({ volumeMl: 570, corrections: [{ status: 'applied', reviewedBy: { name: 'stationqa1' } }] });
    expect(applied.lastChange.reason).to.equal(reason);

    // The projection follows: the donations table's volume column too, so the donation verifies against the ledger.
    await t.untilIndexed(applied.lastChange.txId);
    const { rows } = await t.pool.query<{ volume_ml: number }>('SELECT volume_ml FROM donations WHERE din = $1', [din]);
    expect(rows).to.deep.equal([{ volume_ml: 570 }]);
    const verification = dataOf(
      await t.graphql(
        'query ($id: String!) { verification(objectType: "donation", objectId: $id) { verified checks { name passed } } }',
        { id: din },
        await as('StationA', 'stationqa1'),
      ),
    ).verification;
    expect(verification.checks.filter((c: { passed: boolean }) => !c.passed)).to.deep.equal([]);
    expect(verification.verified).to.equal(true);
  });

  it('refuses QA reviewing their own correction, and names the field of a bad one', async () => {
    const din = await recorded();
    const qa = await as('StationA', 'stationqa1');
    dataOf(await t.graphql(PROPOSE, { din, correction: { field: 'deviceSerial', to: 'PCS2-0044', reason: 'wrong machine' } }, qa));
    const own = await t.graphql(REVIEW, { din, review: { decision: 'apply' } }, qa);
    expect(own.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    expect(own.errors?.[0]?.message).to.contain('reviewed by another person than its proposer');

    const other = await recorded();
    const collector = await as('StationA', 'collector1');
    const pseudonym = await t.graphql(PROPOSE, { din: other, correction: { field: 'donorPseudonym', to: 'x', reason: 'r' } }, collector);
    expect(pseudonym.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'correction.field' });
    const tooMuch = await t.graphql(PROPOSE, { din: other, correction: { field: 'volumeMl', to: '5000', reason: 'r' } }, collector);
    expect(tooMuch.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'correction.to' });
  });
});
