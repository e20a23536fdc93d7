// The indexer's writes against a real PostgreSQL (a fresh database), with hand-built blocks: transactions kept
// raw never roll their block back, and a chain that breaks is refused with nothing written and the stop recorded.
import { expect } from 'chai';
import type { CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import type { common } from '@hyperledger/fabric-protos';
import type { Pool } from 'pg';
import { createPool } from '@plasma/platform';
import { parseBlock } from '../src/indexer/block';
import { blockDataHash, blockHeaderHash, ChainIntegrityError } from '../src/indexer/chain';
import { runIndexer } from '../src/indexer/indexer';
import { writeBlocks } from '../src/indexer/store';
import { block, chain, CHAINCODE, compositeKey, endorserTransaction, GARBAGE } from '@plasma/testkit/blocks';
import { freshDatabase, type TestDatabase } from '@plasma/testkit/gateway';

const CHANNEL = 'plasma';
const parse = (blocks: readonly common.Block[]) => blocks.map((b) => parseBlock(b, { namespace: CHAINCODE }));
const poolTx = (value: string) =>
  endorserTransaction({ txId: `pool-${value}`, writes: [{ key: compositeKey('pool', value), value: JSON.stringify({ poolDin: value }) }] });

describe('indexer store', function () {
  let database: TestDatabase;
  let pool: Pool;
  beforeEach(async () => {
    database = await freshDatabase();
    pool = createPool(database.url, 2);
  });
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async (table: string): Promise<number> => (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const next = async (): Promise<number> =>
    Number((await pool.query('SELECT next_block FROM indexer_checkpoint')).rows[0]?.next_block ?? 0);

  it('writes a block with a garbage envelope and a U+0000 value, keeping both raw and projecting the rest', async function () {
    const nul = endorserTransaction({ txId: 'nul', writes: [{ key: compositeKey('pool', 'P0'), value: '{"poolDin":"P\\u00000"}' }] });
    const blocks = chain(0, '', [[poolTx('P1')], [GARBAGE, nul, poolTx('P2')]]);
    await writeBlocks(pool, CHANNEL, parse(blocks));

    expect(await next()).to.equal(2);
    const raw = (
      await pool.query(
        `SELECT tx_id, block_number::int, tx_index, validation_code, is_valid, parse_error, raw_envelope
         FROM transactions WHERE parse_error IS NOT NULL ORDER BY tx_index`,
      )
    ).rows;
    expect(raw.map((r) => [r.tx_id, r.block_number, r.tx_index, r.validation_code, r.is_valid])).to.deep.equal([
      ['unparsed-1-0', 1, 0, 'VALID', true],
      ['nul', 1, 1, 'VALID', true],
    ]);
    expect(raw[0].parse_error).to.match(/cannot read the envelope/);
    expect(Buffer.compare(raw[0].raw_envelope, Buffer.from(GARBAGE))).to.equal(0);
    expect(raw[1].parse_error).to.match(/U\+0000/);
    const state = (await pool.query('SELECT attributes[1] AS id FROM ledger_state ORDER BY 1')).rows.map((r) => r.id);
    expect(state).to.deep.equal(['P1', 'P2']);

    const stored = (await pool.query('SELECT number::int, hash, previous_hash FROM blocks ORDER BY number')).rows;
    expect(stored[1].previous_hash).to.equal(stored[0].hash);
  });

  it('refuses a run of blocks whose links break, writing none of them', async function () {
    const [zero] = parse(chain(0, '', [[poolTx('P1')]]));
    await writeBlocks(pool, CHANNEL, [zero!]);
    // Block 1 links to block 0; block 2 names a hash that is not block 1's.
    const one = block({ number: 1, previousHash: zero!.hash, envelopes: [poolTx('P2')] });
    const two = block({ number: 2, previousHash: 'ee'.repeat(32), envelopes: [poolTx('P3')] });

    const refused = await writeBlocks(pool, CHANNEL, parse([one, two])).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ChainIntegrityError);
    const message = (refused as Error).message;
    const oneHash = blockHeaderHash({
      number: 1n,
      previousHash: zero!.hash,
      dataHash: blockDataHash([one.getData()!.getDataList_asU8()[0]!]),
    });
    expect(message).to.contain('block 2').and.contain('ee'.repeat(32)).and.contain(oneHash);
    expect(await next()).to.equal(1);
    expect(await count('blocks')).to.equal(1);
    expect(await count('transactions')).to.equal(1);
  });

  it('refuses a block that does not link to the block indexed before it', async function () {
    await writeBlocks(pool, CHANNEL, parse(chain(0, '', [[poolTx('P1')], [poolTx('P2')]])));
    // Block 2 of another chain: a peer serving a history that forks from the one indexed.
    const [, , forged] = chain(0, '', [[poolTx('X1')], [poolTx('X2')], [poolTx('X3')]]);
    const refused = await writeBlocks(pool, CHANNEL, parse([forged!])).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ChainIntegrityError);
    expect((refused as Error).message).to.match(/block 2 names previous hash [0-9a-f]{64}, but block 1 hashes to [0-9a-f]{64}/);
    expect(await next()).to.equal(2);
    expect(await count('blocks')).to.equal(2);
  });

  it('stops the indexer on a broken chain instead of retrying, and records why', async function () {
    const blocks = chain(0, '', [[poolTx('P1')], [poolTx('P2')]]);
    await writeBlocks(pool, CHANNEL, parse(blocks));
    const forged = block({ number: 2, previousHash: '00'.repeat(32), envelopes: [poolTx('P3')] });
    let subscriptions = 0;
    const network = {
      getName: () => CHANNEL,
      getBlockEvents: async ({ startBlock }: { startBlock: bigint }): Promise<CloseableAsyncIterable<common.Block>> => {
        subscriptions += 1;
        const delivered = [...blocks, forged].slice(Number(startBlock));
        return {
          async *[Symbol.asyncIterator]() {
            yield* delivered;
          },
          close: () => undefined,
          [Symbol.dispose]: () => undefined,
        };
      },
    } as unknown as Network;
    const logged: string[] = [];
    const stopped = await runIndexer(
      { pool, network, namespace: CHAINCODE, log: (m) => logged.push(m) },
      new AbortController().signal,
    ).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(stopped).to.be.instanceOf(ChainIntegrityError);
    expect(subscriptions, 'no retry after a broken chain').to.equal(1);
    expect(logged.join('\n')).to.match(/STOPPED at block 2: block 2 names previous hash 0{64}/);
    const checkpoint = (await pool.query('SELECT next_block::int, halted_reason, halted_at FROM indexer_checkpoint')).rows[0];
    expect(checkpoint.next_block).to.equal(2);
    expect(checkpoint.halted_reason).to.contain('block 2 names previous hash');
    expect(checkpoint.halted_at).to.be.instanceOf(Date);
  });
});
