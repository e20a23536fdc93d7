// Block parsing without a network: no transaction, however malformed, makes parseBlock throw; only our
// chaincode's namespace reaches the projection; a block whose data is not what its header says is refused.
import { expect } from 'chai';
import { common, peer } from '@hyperledger/fabric-protos';
import { parseBlock } from '../../src/indexer/block';
import { blockHeaderHash, ChainIntegrityError } from '../../src/indexer/chain';
import {
  block,
  CHAINCODE,
  compositeKey,
  endorserTransaction,
  envelopeAround,
  envelopeHeader,
  GARBAGE,
  sha256Hex,
} from '@plasma/testkit/blocks';

const options = { namespace: CHAINCODE };
const donation = (din: string): string => JSON.stringify({ din, status: 'collected' });

describe('block parsing', function () {
  it('keeps a garbage envelope as a raw transaction with its validation code and error, and reads the rest', function () {
    const before = endorserTransaction({ txId: 'tx-before', writes: [{ key: compositeKey('donation', 'D1'), value: donation('D1') }] });
    const after = endorserTransaction({ txId: 'tx-after', writes: [{ key: compositeKey('donation', 'D2'), value: donation('D2') }] });
    const parsed = parseBlock(
      block({
        number: 7,
        previousHash: 'ab'.repeat(32),
        envelopes: [before, GARBAGE, after],
        codes: [peer.TxValidationCode.VALID, peer.TxValidationCode.BAD_PAYLOAD, peer.TxValidationCode.VALID],
      }),
      options,
    );

    expect(parsed.transactions.map((t) => t.txId)).to.deep.equal(['tx-before', 'unparsed-7-1', 'tx-after']);
    const raw = parsed.transactions[1]!;
    expect(raw).to.deep.include({ index: 1, validationCode: 'BAD_PAYLOAD', isValid: false, events: [], writes: [], chaincode: null });
    expect(raw.unparsed?.error).to.be.a('string').and.not.equal('');
    expect(Buffer.from(raw.unparsed!.envelope).equals(Buffer.from(GARBAGE))).to.equal(true);
    expect(parsed.transactions[2]!.writes).to.have.length(1);
    expect(parsed.transactions[2]!.unparsed).to.equal(undefined);
  });

  it('names each configuration transaction by its block, so that every channel update after genesis keeps its row', function () {
    const config = () =>
      envelopeAround(envelopeHeader({ txId: '', type: common.HeaderType.CONFIG, mspId: 'RegulatorMSP' }), new Uint8Array());
    const ids = [0, 41].map(
      (number) => parseBlock(block({ number, previousHash: 'ab'.repeat(32), envelopes: [config()] }), options).transactions[0]!,
    );
    expect(ids.map((t) => t.txId)).to.deep.equal(['config-0-0', 'config-41-0']);
    expect(ids[1]).to.deep.include({ creatorMsp: 'RegulatorMSP', chaincode: null, writes: [] });
    expect(ids[1]!.unparsed).to.equal(undefined);
  });

  it('keeps the id, creator and time of an envelope whose header reads but whose transaction does not', function () {
    const at = new Date('2026-01-02T03:04:05Z');
    const envelope = envelopeAround(envelopeHeader({ txId: 'f00d', mspId: 'StationBMSP', timestamp: at }), GARBAGE);
    const [raw] = parseBlock(
      block({ number: 3, previousHash: '', envelopes: [envelope], codes: [peer.TxValidationCode.VALID] }),
      options,
    ).transactions;
    // The peer's word stands: it may call an envelope valid that the indexer cannot read.
    expect(raw).to.deep.include({ txId: 'f00d', creatorMsp: 'StationBMSP', isValid: true, validationCode: 'VALID' });
    expect(raw!.createdAt.toISOString()).to.equal(at.toISOString());
    expect(raw!.unparsed?.error).to.match(/./);
  });

  it('projects only writes to our namespace and events of our chaincode, keeping every transaction', function () {
    const ours = endorserTransaction({
      txId: 'ours',
      writes: [
        { key: compositeKey('donation', 'D1'), value: donation('D1') },
        { namespace: 'other', key: compositeKey('donation', 'FORGED'), value: donation('FORGED') },
        { namespace: '_lifecycle', key: compositeKey('namespaces', 'x'), value: 'x' },
      ],
      event: { name: 'DonationRecorded', payload: JSON.stringify({ key: 'D1' }) },
    });
    const foreign = endorserTransaction({
      txId: 'foreign',
      chaincode: 'other',
      fcn: 'Forge',
      writes: [{ key: compositeKey('donation', 'FORGED2'), value: donation('FORGED2') }],
      event: { name: 'DonationRecorded', payload: JSON.stringify({ key: 'FORGED2' }) },
    });
    const [mine, theirs] = parseBlock(block({ number: 1, previousHash: '', envelopes: [ours, foreign] }), options).transactions;

    expect(mine!.writes.map((w) => [w.namespace, w.objectType, ...w.attributes])).to.deep.equal([[CHAINCODE, 'donation', 'D1']]);
    expect(mine!.events.map((e) => e.name)).to.deep.equal(['DonationRecorded']);
    expect(theirs).to.deep.include({ txId: 'foreign', chaincode: 'other', functionName: 'Forge', isValid: true, events: [], writes: [] });
    expect(theirs!.unparsed).to.equal(undefined);
  });

  it('keeps raw a transaction holding U+0000 where PostgreSQL would refuse it, so its block still writes', function () {
    const keyInValue = endorserTransaction({
      txId: 'nul-in-a-key',
      writes: [{ key: compositeKey('donation', 'D1'), value: '{"din":"D1","a\\u0000b":1}' }],
    });
    const inEvent = endorserTransaction({ txId: 'nul-in-an-event', event: { name: 'DonationRecorded', payload: '{"key":"D\\u00002"}' } });
    const inFunction = endorserTransaction({ txId: 'nul-in-a-function', fcn: 'Donation:\u0000' });
    const loneSurrogate = endorserTransaction({
      txId: 'lone-surrogate',
      writes: [{ key: compositeKey('donation', 'D3'), value: '{"din":"\\ud800"}' }],
    });
    const fine = endorserTransaction({ txId: 'fine', writes: [{ key: compositeKey('donation', 'D4'), value: donation('D4') }] });
    const parsed = parseBlock(
      block({ number: 2, previousHash: '', envelopes: [keyInValue, inEvent, inFunction, loneSurrogate, fine] }),
      options,
    );

    const [a, b, c, d, e] = parsed.transactions;
    expect(a!.unparsed?.error).to.contain('donation').and.contain('key');
    expect(b!.unparsed?.error).to.contain('payload.key');
    expect(c!.unparsed?.error).to.contain('function');
    expect(d!.unparsed?.error).to.contain('value.din');
    for (const raw of [a, b, c, d]) expect(raw).to.deep.include({ events: [], writes: [], isValid: true });
    expect(parsed.transactions.map((t) => t.txId)).to.deep.equal([
      'nul-in-a-key',
      'nul-in-an-event',
      'nul-in-a-function',
      'lone-surrogate',
      'fine',
    ]);
    expect(e!.unparsed).to.equal(undefined);
    expect(e!.writes).to.have.length(1);
  });

  it('computes the header hash over the DER of number, previous hash and data hash, as Fabric does', function () {
    const previousHash = '11'.repeat(32);
    const dataHash = '22'.repeat(32);
    // SEQUENCE { INTEGER 128 (02 02 00 80), OCTET STRING previous, OCTET STRING data }, written out by hand.
    const der = Buffer.from(`3048020200800420${previousHash}0420${dataHash}`, 'hex');
    expect(blockHeaderHash({ number: 128n, previousHash, dataHash })).to.equal(sha256Hex(der));
    // Block 0 has no previous hash: an empty OCTET STRING (04 00), and number 0 is 02 01 00.
    expect(blockHeaderHash({ number: 0n, previousHash: '', dataHash })).to.equal(
      sha256Hex(Buffer.from(`302702010004000420${dataHash}`, 'hex')),
    );
  });

  it('refuses a block whose data is not what its header says', function () {
    const forged = block({ number: 5, previousHash: '', envelopes: [endorserTransaction()], dataHash: '00'.repeat(32) });
    expect(() => parseBlock(forged, options)).to.throw(ChainIntegrityError, /block 5.*data hash/);
  });
});
