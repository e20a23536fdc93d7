// The indexer against the real network and PostgreSQL: killed mid-stream it resumes with no gap and no
// duplicate, and it keeps invalid transactions with their validation code.
import { expect } from 'chai';
import type { Pool } from 'pg';
import { createPool, ledgerHeight, openServiceChannel, runIndexer } from '@plasma/gateway-api';
import { loadTopology, organisation } from '@plasma/network';
import { openSession, runningPid, startIndexer, stop, type LedgerSession } from '@plasma/test-network';
import { freshDatabase } from '../../gateway-api/test/fixtures';
import { donation, newDin } from './fixtures';

const topology = loadTopology();
const facility = organisation(topology, 'StationA').facilities[0]!;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('indexer', function () {
  let pool: Pool;
  let collector: LedgerSession;
  before(() => {
    pool = createPool();
    collector = openSession(topology, 'StationA', 'collector1');
  });
  after(async () => {
    collector.close();
    await pool.end();
  });

  const indexedUpTo = async (): Promise<bigint> => BigInt((await pool.query('SELECT next_block FROM indexer_checkpoint WHERE channel = $1', [topology.channel])).rows[0]?.next_block ?? 0);
  const caughtUp = async (): Promise<boolean> => (await indexedUpTo()) >= await ledgerHeight(collector.gateway.getNetwork(topology.channel));

  it('resumes after being killed mid-stream with no gap and no duplicate', async function () {
    const dins = Array.from({ length: 40 }, () => newDin(facility));
    const record = (din: string) => collector.contract('Donation').submitAsync('RecordDonation', { arguments: [JSON.stringify(donation(din))] })
      .then((tx) => tx.getStatus()).then((status) => ({ din, txId: status.transactionId, ok: status.successful }));

    const first = await Promise.all(dins.slice(0, 20).map(record));
    process.kill(runningPid('indexer')!, 'SIGKILL');
    await until('the killed indexer to be gone', async () => runningPid('indexer') === undefined);
    const second = await Promise.all(dins.slice(20).map(record));
    startIndexer();
    await until('the indexer to catch up with the ledger', caughtUp);

    const height = await ledgerHeight(collector.gateway.getNetwork(topology.channel));
    const blocks = (await pool.query('SELECT count(*)::int AS n, min(number)::int AS lo, max(number)::int AS hi, sum(tx_count)::int AS txs FROM blocks WHERE channel = $1', [topology.channel])).rows[0];
    expect(blocks).to.deep.include({ n: Number(height), lo: 0, hi: Number(height) - 1 });
    const txRows = (await pool.query('SELECT count(*)::int AS n FROM transactions WHERE channel = $1', [topology.channel])).rows[0];
    expect(txRows.n).to.equal(blocks.txs);

    const recorded = [...first, ...second];
    expect(recorded.every((r) => r.ok)).to.equal(true);
    const rows = (await pool.query('SELECT din, updated_tx_id FROM donations WHERE din = ANY($1)', [recorded.map((r) => r.din.slice(0, 13))])).rows;
    expect(rows).to.have.length(recorded.length);
    const valid = (await pool.query('SELECT count(*)::int AS n FROM transactions WHERE tx_id = ANY($1) AND is_valid', [recorded.map((r) => r.txId)])).rows[0];
    expect(valid.n).to.equal(recorded.length);
  });

  it('rides out PostgreSQL dropping its connections mid-stream, with no gap and no duplicate', async function () {
    // Its own database and an indexer in this process: a crash here would take the test run down with it.
    const database = await freshDatabase();
    const own = createPool(database.url);
    const channel = openServiceChannel(topology);
    const controller = new AbortController();
    const interruptions: string[] = [];
    const running = runIndexer({ pool: own, network: channel.network, log: (m) => interruptions.push(m) }, controller.signal);
    try {
      const height = await ledgerHeight(channel.network);
      const ownNext = async (): Promise<bigint> => BigInt((await own.query('SELECT next_block FROM indexer_checkpoint')).rows[0]?.next_block ?? 0);
      let terminated = 0;
      while (await ownNext() < height && terminated < 5) {
        const killed = await pool.query('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1', [database.name]);
        terminated += killed.rows[0].n;
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(terminated, 'connections of the indexer were dropped').to.be.greaterThan(0);
      await until('the indexer to catch up after the drops', async () => (await ownNext()) >= height, 120_000);
      expect(interruptions.join('\n')).to.contain('resuming from the checkpoint');

      const blocks = (await own.query('SELECT count(*)::int AS n, min(number)::int AS lo, max(number)::int AS hi, sum(tx_count)::int AS txs FROM blocks')).rows[0];
      expect(blocks).to.deep.include({ lo: 0 });
      expect(blocks.n).to.equal(blocks.hi + 1);
      const txRows = (await own.query('SELECT count(*)::int AS n FROM transactions')).rows[0];
      expect(txRows.n).to.equal(blocks.txs);
    } finally {
      controller.abort();
      await running;
      channel.close();
      await own.end();
      await database.drop();
    }
  });

  it('keeps an invalid transaction with its validation code', async function () {
    // Two endorsements of the same new DIN, neither seeing the other: the second to commit conflicts.
    const input = JSON.stringify(donation(newDin(facility)));
    const contract = collector.contract('Donation');
    const endorsed = await Promise.all([1, 2].map(() => contract.newProposal('RecordDonation', { arguments: [input] }).endorse()));
    const statuses = await Promise.all(endorsed.map(async (tx) => (await tx.submit()).getStatus()));
    const loser = statuses.find((s) => !s.successful);
    expect(loser, 'one of the two must be invalidated').to.not.equal(undefined);
    await until('the indexer to catch up with the ledger', caughtUp);
    const row = (await pool.query('SELECT validation_code, is_valid FROM transactions WHERE tx_id = $1', [loser!.transactionId])).rows[0];
    expect(row).to.deep.equal({ validation_code: 'MVCC_READ_CONFLICT', is_valid: false });
  });
});
