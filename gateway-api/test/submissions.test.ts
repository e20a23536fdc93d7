// Submissions a client can repeat: a mutation sent again under the same clientRequestId answers the first answer (the
// chaincode keys the id by the person), whether the gateway or the person's device signs it, a signed step too;
// transactionStatus says where a transaction stands (COMMITTED, INVALID with the peers' code, PENDING). PENDING itself, answered while the
// orderers take nothing, is tested under faults (test-network/test/operations/faults.test.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { organisation } from '@plasma/network';
import { openSession } from '@plasma/platform';
import { donation, newDin, refusedAtCommit } from '@plasma/testkit';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const RECORD = `mutation ($input: DonationInput!, $clientRequestId: ID) {
  recordDonation(input: $input, clientRequestId: $clientRequestId) { din operator recordedTxId }
}`;
const TRAY = `mutation ($inputs: [DonationInput!]!, $clientRequestId: ID) {
  recordDonations(inputs: $inputs, clientRequestId: $clientRequestId) { dins }
}`;
const LATE = `mutation ($input: DonationInput!, $lateEntry: ReasonInput!, $password: String!, $clientRequestId: ID) {
  recordLateDonation(input: $input, lateEntry: $lateEntry, password: $password, clientRequestId: $clientRequestId) {
    din recordedTxId lateEntry { signature { signerName meaning signedAt } }
  }
}`;
const STATUS = `query ($id: ID!) { transactionStatus(transactionId: $id) { transactionId status validationCode blockNumber indexedHeight ledgerHeight } }`;

const errorOf = (answer: GraphQLAnswer) => answer.errors?.[0];

describe('submissions a client can repeat', function () {
  let t: TestGateway;
  before(async function () {
    t = await testGateway({ indexed: 'from now' });
  });
  after(async () => t?.close());

  const facility = () => organisation(t.topology, 'StationA').facilities[0]!;
  /** How many valid transactions wrote the bag, as the projection holds them (after untilIndexed). */
  const validWritesOf = async (din: string): Promise<number> => {
    const { rows } = await t.pool.query(
      `SELECT count(*)::int AS writes FROM transactions t JOIN event_objects o ON o.tx_id = t.tx_id
        WHERE t.is_valid AND o.object_type = 'donation' AND o.object_id = $1`,
      [din.slice(0, 13)],
    );
    return rows[0].writes as number;
  };

  it('answers a mutation sent again under its clientRequestId with the first answer, recording the bag once', async function () {
    const collector = await t.tokenOf('StationA', 'collector1');
    const din = newDin(facility());
    const input = donation(din); // the bag as scanned: a repeat sends the same
    const clientRequestId = randomUUID();
    const first = await t.graphql(RECORD, { input, clientRequestId }, collector);
    expect(errorOf(first)).to.equal(undefined);
    const again = await t.graphql(RECORD, { input, clientRequestId }, collector);
    expect(errorOf(again)?.message).to.equal(undefined);
    expect(again.data.recordDonation).to.deep.equal(first.data.recordDonation);
    // Without the id, the same bag is what it always was: recorded already.
    expect(errorOf(await t.graphql(RECORD, { input }, collector))?.extensions?.code).to.equal('CONFLICT');
    // Under the same id, another scan of the bag (another donor, another time) is not this request.
    const other = errorOf(await t.graphql(RECORD, { input: donation(din), clientRequestId }, collector));
    expect(other?.extensions?.code).to.equal('CONFLICT');
    expect(other?.message).to.include('with other arguments');
    // The repeat wrote nothing: the bag's history on the ledger holds the first transaction only.
    await t.untilIndexed(first.data.recordDonation.recordedTxId);
    expect(await validWritesOf(din)).to.equal(1);
  });

  it('answers two sends of one request racing each other with one answer, recording the bag once', async function () {
    const collector = await t.tokenOf('StationA', 'collector1');
    const din = newDin(facility());
    const input = donation(din);
    const clientRequestId = randomUUID();
    // Both endorsed before either commits: the later fails at commit, is endorsed again, and is ANSWERED by the first.
    const send = () => t.graphql(RECORD, { input, clientRequestId }, collector);
    const [one, other] = await Promise.all([send(), send()]);
    expect(errorOf(one)?.message).to.equal(undefined);
    expect(errorOf(other)?.message).to.equal(undefined);
    expect(other.data.recordDonation).to.deep.equal(one.data.recordDonation);
    await t.untilIndexed(one.data.recordDonation.recordedTxId);
    expect(await validWritesOf(din)).to.equal(1);
  });

  it("answers the first answer to a device-signed repeat too, and keeps one person's id from another's", async function () {
    const device = await t.deviceSession('StationB', 'collector1');
    const stationB = organisation(t.topology, 'StationB').facilities[0]!;
    const din = newDin(stationB);
    const clientRequestId = `tablet-7:${randomBytes(4).toString('hex')}`;
    const input = donation(din);
    const first = await device.graphql(RECORD, { input, clientRequestId });
    expect(errorOf(first)).to.equal(undefined);
    const again = await device.graphql(RECORD, { input, clientRequestId });
    expect(again.data?.recordDonation).to.deep.equal(first.data.recordDonation);
    // StationA's collector, the same id: their own request, their own bag.
    const theirs = await t.graphql(
      RECORD,
      { input: donation(newDin(facility())), clientRequestId },
      await t.tokenOf('StationA', 'collector1'),
    );
    expect(errorOf(theirs)).to.equal(undefined);
    expect(theirs.data.recordDonation.recordedTxId).to.not.equal(first.data.recordDonation.recordedTxId);
  });

  it('answers a signed step sent again after it committed with its first answer, once the password is right', async function () {
    // A bag from the paper log, four days old: station QA signs its late entry. Before signing the repeat (whose record
    // could no longer be signed: the bag is recorded), the gateway asks the ledger whether this request was answered.
    const qa = await t.tokenOf('StationA', 'stationqa1');
    const din = newDin(facility());
    const collectionEnd = new Date(Date.now() - 4 * 24 * 60 * 60_000);
    const input = donation(din, {
      collectionStart: new Date(collectionEnd.getTime() - 45 * 60_000).toISOString(),
      collectionEnd: collectionEnd.toISOString(),
    });
    const lateEntry = { reason: 'scanner offline, entered from the paper log' };
    const password = t.password('StationA', 'stationqa1');
    const clientRequestId = randomUUID();
    const first = await t.graphql(LATE, { input, lateEntry, password, clientRequestId }, qa);
    expect(errorOf(first)?.message).to.equal(undefined);
    const again = await t.graphql(LATE, { input, lateEntry, password, clientRequestId }, qa);
    expect(errorOf(again)?.message).to.equal(undefined);
    // The first answer itself, its signature's time included: nothing was signed again.
    expect(again.data.recordLateDonation).to.deep.equal(first.data.recordLateDonation);
    // A wrong password is refused whatever the request; without the id the step is what it always was: done already.
    const wrong = errorOf(await t.graphql(LATE, { input, lateEntry, password: `${password}x`, clientRequestId }, qa));
    expect(wrong?.extensions).to.deep.include({ code: 'FORBIDDEN', field: 'password' });
    expect(errorOf(await t.graphql(LATE, { input, lateEntry, password }, qa))?.extensions?.code).to.equal('CONFLICT');
    // The same id and certificate name at another station is another person's request, never answered: refused.
    const otherQa = await t.graphql(
      LATE,
      { input, lateEntry, password: t.password('StationB', 'stationqa1'), clientRequestId },
      await t.tokenOf('StationB', 'stationqa1'),
    );
    expect(errorOf(otherQa)?.extensions?.code).to.equal('FORBIDDEN');
    await t.untilIndexed(first.data.recordLateDonation.recordedTxId);
    expect(await validWritesOf(din)).to.equal(1);
  });

  it('refuses an id given to another mutation, and an id that breaks the rule, naming the field and writing nothing', async function () {
    const collector = await t.tokenOf('StationA', 'collector1');
    const clientRequestId = randomUUID();
    expect(errorOf(await t.graphql(RECORD, { input: donation(newDin(facility())), clientRequestId }, collector))).to.equal(undefined);
    const trayDin = newDin(facility());
    const reused = errorOf(await t.graphql(TRAY, { inputs: [donation(trayDin)], clientRequestId }, collector));
    expect(reused?.extensions?.code).to.equal('CONFLICT');
    expect(reused?.message).to.match(/^clientRequestId .* already named a Donation:RecordDonation request/);
    const bad = errorOf(await t.graphql(TRAY, { inputs: [donation(trayDin)], clientRequestId: 'two words' }, collector));
    expect(bad?.extensions).to.deep.include({ code: 'VALIDATION', field: 'clientRequestId' });
    // The tray's bag was never recorded: it can be now.
    expect(errorOf(await t.graphql(TRAY, { inputs: [donation(trayDin)] }, collector))).to.equal(undefined);
  });

  it('tells where a transaction stands: COMMITTED with its block once indexed, PENDING while it is in no block read', async function () {
    const collector = await t.tokenOf('StationA', 'collector1');
    const recorded = await t.graphql(RECORD, { input: donation(newDin(facility())) }, collector);
    const txId = recorded.data.recordDonation.recordedTxId as string;
    await t.untilIndexed(txId);
    const committed = (await t.graphql(STATUS, { id: txId }, collector)).data.transactionStatus;
    expect(committed).to.include({ transactionId: txId, status: 'COMMITTED', validationCode: 'VALID' });
    expect(committed.blockNumber).to.be.a('number').and.to.be.below(committed.indexedHeight);
    expect(committed.ledgerHeight).to.be.above(committed.blockNumber);

    const unknown = randomBytes(32).toString('hex');
    const pending = (await t.graphql(STATUS, { id: unknown }, collector)).data.transactionStatus;
    expect(pending).to.deep.include({ transactionId: unknown, status: 'PENDING', validationCode: null, blockNumber: null });
    expect(pending.indexedHeight).to.be.at.least(committed.indexedHeight);
    expect(errorOf(await t.graphql(STATUS, { id: txId }))?.extensions?.code).to.equal('UNAUTHENTICATED');
  });

  it('tells a PENDING whose indexer is behind from one in no block: the peer holds more blocks than were read', async function () {
    const collector = await t.tokenOf('StationA', 'collector1');
    const recorded = await t.graphql(RECORD, { input: donation(newDin(facility())) }, collector);
    const txId = recorded.data.recordDonation.recordedTxId as string;
    // A gateway whose projection no indexer fills: the transaction is committed, but in no block it has read.
    const halted = await testGateway();
    try {
      const status = (await halted.graphql(STATUS, { id: txId }, await halted.tokenOf('StationA', 'collector1'))).data.transactionStatus;
      expect(status).to.deep.include({ transactionId: txId, status: 'PENDING', indexedHeight: 0 });
      expect(status.ledgerHeight).to.be.above(status.indexedHeight);
      // The indexer that reads: the same transaction in a block, which the peer holds too.
      await t.untilIndexed(txId);
      const read = (await t.graphql(STATUS, { id: txId }, collector)).data.transactionStatus;
      expect(read.status).to.equal('COMMITTED');
      expect(status.ledgerHeight).to.be.above(read.blockNumber);
    } finally {
      await halted.close();
    }
  });

  it('tells INVALID, with the code the peers gave and its block, for a transaction the peers refused at commit', async function () {
    // Written nowhere but in its block.
    const session = openSession(t.topology, 'StationA', 'collector1');
    try {
      const refused = await refusedAtCommit(session, facility());
      await t.untilIndexed(refused.transactionId);
      const collector = await t.tokenOf('StationA', 'collector1');
      const status = (await t.graphql(STATUS, { id: refused.transactionId }, collector)).data.transactionStatus;
      expect(refused.validationCode).to.be.oneOf(['ENDORSEMENT_POLICY_FAILURE', 'MVCC_READ_CONFLICT']);
      expect(status).to.deep.include({ transactionId: refused.transactionId, status: 'INVALID', validationCode: refused.validationCode });
      expect(status.blockNumber).to.equal(Number(refused.blockNumber));
    } finally {
      session.close();
    }
  });
});
