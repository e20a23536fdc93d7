// A repeated request is answered with its first transaction's answer, read from the organisation's own peer, and only
// when that transaction is this very request's first one: never someone else's answer, nor another request's.
import { expect } from 'chai';
import { ErrorCode, GatewayError } from '../../src/errors';
import type { AnsweredTransaction } from '../../src/indexer/block';
import { answerToRepeat, firstAnswer, type RepeatedRequest } from '../../src/ledger/first-answer';

const FIRST = 'cd'.repeat(32);
const request: RepeatedRequest = {
  mspId: 'StationAMSP',
  commonName: 'collector1',
  transaction: 'Donation:RecordDonation',
  clientRequestId: 'tablet-7:1',
  namespace: 'plasma',
};
const answer = new Uint8Array(Buffer.from('{"din":"G100125000001"}'));
const firstOf = (changes: Partial<AnsweredTransaction> = {}): AnsweredTransaction => ({
  creatorMsp: 'StationAMSP',
  creatorName: 'collector1',
  chaincode: 'plasma',
  functionName: 'Donation:RecordDonation',
  writes: [
    { namespace: 'plasma', objectType: 'donation', attributes: ['G100125000001'], value: {} },
    { namespace: 'plasma', objectType: 'clientRequest', attributes: ['StationAMSP', 'collector1', 'tablet-7:1'], value: {} },
  ],
  answer,
  ...changes,
});

describe("a repeated request's first answer", function () {
  it("answers the first transaction's answer when it is this request's first", function () {
    expect(answerToRepeat(FIRST, firstOf(), request)).to.equal(answer);
  });

  it("refuses a transaction that is not this request's first: another person, transaction, chaincode or request id", function () {
    const others: Partial<AnsweredTransaction>[] = [
      { creatorName: 'collector2' },
      { creatorMsp: 'StationBMSP' },
      { functionName: 'Donation:RecordDonations' },
      { chaincode: 'another' },
      // The same person's same transaction, but for another request id, or writing no request at all.
      {
        writes: [{ namespace: 'plasma', objectType: 'clientRequest', attributes: ['StationAMSP', 'collector1', 'tablet-7:2'], value: {} }],
      },
      { writes: [{ namespace: 'plasma', objectType: 'donation', attributes: ['G100125000001'], value: {} }] },
      {
        writes: [{ namespace: 'another', objectType: 'clientRequest', attributes: ['StationAMSP', 'collector1', 'tablet-7:1'], value: {} }],
      },
    ];
    for (const other of others) {
      expect(() => answerToRepeat(FIRST, firstOf(other), request), JSON.stringify(other)).to.throw(`transaction ${FIRST}`);
    }
  });

  it('reads again while the peer does not hold the transaction yet, then answers', async function () {
    let reads = 0;
    const got = await firstAnswer({ answerOf: async () => (++reads < 3 ? undefined : firstOf()) }, FIRST, request);
    expect(got).to.equal(answer);
    expect(reads).to.equal(3);
  });

  it('answers PENDING, naming the first transaction, when the peer still does not hold it', async function () {
    const error = await firstAnswer({ answerOf: async () => undefined }, FIRST, request).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(GatewayError);
    expect((error as GatewayError).code).to.equal(ErrorCode.Pending);
    expect((error as GatewayError).details).to.deep.include({ transactionId: FIRST });
  });
});
