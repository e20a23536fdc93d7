// The indexer against the real network and PostgreSQL: killed mid-stream it resumes with no gap and no
// duplicate, it keeps invalid transactions with their validation code, and a garbage envelope any member can
// get ordered is kept raw instead of stopping it.
import { expect } from 'chai';
import type { Pool } from 'pg';
import { createPool, type LedgerSession, openSession, organisationDatabaseUrl, runningPid } from '@plasma/platform';
import { indexerService, ledgerHeight, migrate, openServiceChannel, runIndexer } from '@plasma/gateway-api';
import { loadTopology, organisation } from '@plasma/network';
import { freshDatabase } from '@plasma/testkit/gateway';
import { donation, newDin, refusedAtCommit } from '@plasma/testkit';
import { broadcastSigned, GARBAGE } from './orderer-broadcast';

const topology = loadTopology();
const facility = organisation(topology, 'StationA').facilities[0]!;
// The regulator's indexer and its projection, as `npm run up` runs them.
const regulator = organisation(topology, 'Regulator');
const indexer = indexerService(regulator);
const projectionUrl = () => organisationDatabaseUrl(regulator.name);

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
    pool = createPool(projectionUrl());
    collector = openSession(topology, 'StationA', 'collector1');
  });
  after(async () => {
    collector.close();
    await pool.end();
  });

  const indexedUpTo = async (): Promise<bigint> =>
    BigInt((await pool.query('SELECT next_block FROM indexer_checkpoint WHERE channel = $1', [topology.channel])).rows[0]?.next_block ?? 0);
  const caughtUp = async (): Promise<boolean> =>
    (await indexedUpTo()) >= (await ledgerHeight(collector.gateway.getNetwork(topology.channel)));

  it('resumes after being killed mid-stream with no gap and no duplicate', async function () {
    const dins = Array.from({ length: 40 }, () => newDin(facility));
    const record = (din: string) =>
      collector
        .contract('Donation')
        .submitAsync('RecordDonation', { arguments: [JSON.stringify(donation(din))] })
        .then((tx) => tx.getStatus())
        .then((status) => ({ din, txId: status.transactionId, ok: status.successful }));

    const first = await Promise.all(dins.slice(0, 20).map(record));
    process.kill(runningPid(indexer.name)!, 'SIGKILL');
    await until('the killed indexer to be gone', async () => runningPid(indexer.name) === undefined);
    const second = await Promise.all(dins.slice(20).map(record));
    await indexer.start({ topology, progress: () => undefined });
    await until('the indexer to catch up with the ledger', caughtUp);

    const height = await ledgerHeight(collector.gateway.getNetwork(topology.channel));
    const blocks = (
      await pool.query(
        'SELECT count(*)::int AS n, min(number)::int AS lo, max(number)::int AS hi, sum(tx_count)::int AS txs FROM blocks WHERE channel = $1',
        [topology.channel],
      )
    ).rows[0];
    expect(blocks).to.deep.include({ n: Number(height), lo: 0, hi: Number(height) - 1 });
    const txRows = (await pool.query('SELECT count(*)::int AS n FROM transactions WHERE channel = $1', [topology.channel])).rows[0];
    expect(txRows.n).to.equal(blocks.txs);

    const recorded = [...first, ...second];
    expect(recorded.every((r) => r.ok)).to.equal(true);
    const rows = (
      await pool.query('SELECT din, updated_tx_id FROM donations WHERE din = ANY($1)', [recorded.map((r) => r.din.slice(0, 13))])
    ).rows;
    expect(rows).to.have.length(recorded.length);
    const valid = (
      await pool.query('SELECT count(*)::int AS n FROM transactions WHERE tx_id = ANY($1) AND is_valid', [recorded.map((r) => r.txId)])
    ).rows[0];
    expect(valid.n).to.equal(recorded.length);
  });

  it('rides out PostgreSQL dropping its connections mid-stream, with no gap and no duplicate', async function () {
    // Its own database and an indexer in this process: a crash here would take the test run down with it.
    const database = await freshDatabase();
    const own = createPool(database.url);
    const channel = openServiceChannel(topology, regulator.name);
    const controller = new AbortController();
    const interruptions: string[] = [];
    const running = runIndexer(
      { pool: own, network: channel.network, namespace: topology.chaincode.name, log: (m) => interruptions.push(m) },
      controller.signal,
    );
    try {
      const height = await ledgerHeight(channel.network);
      const ownNext = async (): Promise<bigint> =>
        BigInt((await own.query('SELECT next_block FROM indexer_checkpoint')).rows[0]?.next_block ?? 0);
      let terminated = 0;
      while ((await ownNext()) < height && terminated < 5) {
        const killed = await pool.query<{ n: number }>(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1',
          [database.name],
        );
        terminated += killed.rows[0]!.n;
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(terminated, 'connections of the indexer were dropped').to.be.greaterThan(0);
      await until('the indexer to catch up after the drops', async () => (await ownNext()) >= height, 120_000);
      expect(interruptions.join('\n')).to.contain('resuming from the checkpoint');

      const blocks = (
        await own.query<{ n: number; lo: number; hi: number; txs: number }>(
          'SELECT count(*)::int AS n, min(number)::int AS lo, max(number)::int AS hi, sum(tx_count)::int AS txs FROM blocks',
        )
      ).rows[0]!;
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
    const loser = await refusedAtCommit(collector, facility);
    await until('the indexer to catch up with the ledger', caughtUp);
    const row = (await pool.query('SELECT validation_code, is_valid FROM transactions WHERE tx_id = $1', [loser.transactionId])).rows[0];
    // The code the peer gave the submitter, by name.
    expect(loser.validationCode).to.be.oneOf(['ENDORSEMENT_POLICY_FAILURE', 'MVCC_READ_CONFLICT']);
    expect(row).to.deep.equal({ validation_code: loser.validationCode, is_valid: false });
  });

  it('keeps a signed garbage envelope the orderer accepted as a raw row and goes on to project the next transaction', async function () {
    // The running indexer must be this checkout's, on this checkout's schema: an older one would stop at the
    // garbage for ever. `up` does the same migration.
    await migrate(projectionUrl());
    await indexer.stop();
    await indexer.start({ topology, progress: () => undefined });
    // And one of the test's own, from three blocks back, so that it also checks real blocks' hash links.
    const database = await freshDatabase();
    const own = createPool(database.url, 2);
    const channel = openServiceChannel(topology, regulator.name);
    const controller = new AbortController();
    const logged: string[] = [];
    const height = await ledgerHeight(channel.network);
    await own.query('INSERT INTO indexer_checkpoint (channel, next_block) VALUES ($1, $2)', [
      topology.channel,
      (height > 3n ? height - 3n : 0n).toString(),
    ]);
    const running = runIndexer(
      { pool: own, network: channel.network, namespace: topology.chaincode.name, log: (m) => logged.push(m) },
      controller.signal,
    );
    const rawRow = (db: Pool, txId: string) =>
      db.query(
        'SELECT block_number::int, validation_code, is_valid, parse_error, raw_envelope, creator_msp FROM transactions WHERE tx_id = $1',
        [txId],
      );
    try {
      const garbageTxId = await broadcastSigned(topology, 'StationA', 'collector1', GARBAGE);
      await until('the garbage transaction to be indexed', async () => ((await rawRow(own, garbageTxId)).rowCount ?? 0) > 0, 120_000);

      const din = newDin(facility);
      const status = await (
        await collector.contract('Donation').submitAsync('RecordDonation', { arguments: [JSON.stringify(donation(din))] })
      ).getStatus();
      expect(status.successful, 'the valid transaction commits').to.equal(true);
      const projected = async (db: Pool) =>
        (await db.query('SELECT updated_tx_id FROM donations WHERE din = $1', [din.slice(0, 13)])).rows[0]?.updated_tx_id;
      await until(
        "the next valid transaction to be projected by the test's indexer",
        async () => (await projected(own)) === status.transactionId,
      );
      await until(
        'the next valid transaction to be projected by the running indexer',
        async () => (await projected(pool)) === status.transactionId,
        120_000,
      );

      for (const db of [own, pool]) {
        const [raw] = (await rawRow(db, garbageTxId)).rows;
        expect(raw).to.deep.include({ is_valid: false, creator_msp: 'StationAMSP' });
        expect(raw.validation_code, 'Fabric: a payload that is no Transaction').to.equal('INVALID_ENDORSER_TRANSACTION');
        expect(raw.parse_error).to.match(/cannot read the transaction/);
        expect(Buffer.isBuffer(raw.raw_envelope) && raw.raw_envelope.length > GARBAGE.length).to.equal(true);
      }
      console.log(`      garbage ${garbageTxId.slice(0, 12)}… kept raw as ${(await rawRow(own, garbageTxId)).rows[0].validation_code}`);

      // Every link between the real blocks the test's indexer wrote is the hash it computed for the block before.
      const links = (
        await own.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE b.previous_hash = a.hash)::int AS linked
           FROM blocks a JOIN blocks b ON b.channel = a.channel AND b.number = a.number + 1`,
        )
      ).rows[0];
      expect(links.n).to.be.greaterThan(1);
      expect(links.linked).to.equal(links.n);
      expect(logged.join('\n')).to.not.contain('STOPPED');
    } finally {
      controller.abort();
      await running;
      channel.close();
      await own.end();
      await database.drop();
    }
  });
});
