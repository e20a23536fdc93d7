// The indexer against the real network and PostgreSQL: killed mid-stream it resumes with no gap and no
// duplicate, and it keeps invalid transactions with their validation code.
import { expect } from 'chai';
import type { Pool } from 'pg';
import { createPool, ledgerHeight } from '@plasma/gateway-api';
import { loadTopology, organisation } from '@plasma/network';
import { openSession, runningPid, startIndexer, stop, type LedgerSession } from '@plasma/test-network';
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
