// The ingest against a real device server and a real PostgreSQL: readings arrive and are sealed into
// window roots, an altered row is detected, a disconnect or a restart of the ingest loses and duplicates
// nothing, and excursions are found on exactly the device that had one.
import { expect } from 'chai';
import { startDeviceServer, type DeviceServer } from '../src/devices/device-server';
import { startIngest, type Ingest } from '../src/ingest/ingest-service';
import { ReadingStore } from '../src/ingest/reading-store';
import { readingInclusionProof, verifyWindow } from '../src/services/reading-proofs';
import {
  createTestDatabase,
  createTestSecurity,
  eventually,
  PERIOD_MS,
  sleep,
  TEST_RULE,
  testConfig,
  type TestDatabase,
  type TestSecurity,
} from './harness';

describe('cold-chain ingest (real OPC UA server and client, real PostgreSQL)', function () {
  this.timeout(120_000);
  const config = testConfig();
  let db: TestDatabase;
  let security: TestSecurity;
  let server: DeviceServer;
  let ingest: Ingest;
  let store: ReadingStore;

  const logs: string[] = [];
  const start = (): Promise<Ingest> =>
    startIngest({
      config,
      pool: db.pool,
      pki: security.ingest,
      credentials: security.credentials,
      rule: async () => TEST_RULE,
      log: (m) => {
        logs.push(m);
        if (process.env.COLD_CHAIN_TEST_LOG) console.log(m);
      },
    });
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

  /** Source times of one signal with no missing sample and none twice, from its first to its last stored reading. */
  async function assertContinuous(device: string, node: string, periodMs: number): Promise<number> {
    const { rows } = await db.pool.query<{ t: Date }>(
      'SELECT source_time AS t FROM cold_chain_readings WHERE device = $1 AND node = $2 ORDER BY source_time',
      [device, node],
    );
    const times = rows.map((r) => r.t.getTime());
    const holes = times
      .slice(1)
      .map((t, i) => t - times[i]!)
      .filter((d) => d !== periodMs);
    expect(holes, `${device}/${node}: gaps between consecutive readings`).to.deep.equal([]);
    return times.length;
  }

  before(async () => {
    db = await createTestDatabase();
    security = await createTestSecurity();
    store = new ReadingStore(db.pool);
    server = await startDeviceServer({ config: config.servers[0]!, pki: security.server, credentials: security.credentials });
    ingest = await start();
  });

  after(async () => {
    await ingest?.stop().catch(() => undefined);
    await server?.stop();
    await db?.drop();
    security?.remove();
  });

  it('stores every signal of every device and seals one root per device and window', async () => {
    await eventually('two windows sealed', async () => {
      await ingest.settle();
      return ingest.status().sealedWindows >= 2;
    });
    const signals = await db.pool.query<{ device: string; node: string }>(
      'SELECT DISTINCT device, node FROM cold_chain_readings ORDER BY 1, 2',
    );
    expect(signals.rows.map((r) => `${r.device}/${r.node}`)).to.deep.equal([
      'G1001-FRZ-01/temperature',
      'G1001-FRZ-02/temperature',
      'G1001-TRK-07/temperature',
      'G2001-SKID-01/centrifugeSpeed',
      'G2001-SKID-01/ph',
      'G2001-SKID-01/temperature',
    ]);
    // The first window may have begun before every device's subscription did; one soon holds them all.
    const fullWindows = async () =>
      (
        await db.pool.query<{ window_start: Date }>(
          `SELECT window_start FROM cold_chain_windows WHERE root IS NOT NULL GROUP BY window_start
        HAVING count(*) = ${config.servers[0]!.devices.length} AND count(DISTINCT device) = count(*) ORDER BY window_start`,
        )
      ).rows;
    await eventually('a window sealed with a root for every device', async () => {
      await ingest.settle();
      return (await fullWindows()).length > 0;
    });
    const first = (await fullWindows())[0]!.window_start;
    const check = await verifyWindow(store, 'G1001-FRZ-01', first);
    expect(check).to.include({ intact: true, leafCountMismatch: null });
    expect(check.alteredReadings).to.deep.equal([]);
    // Source timestamps are the devices' sample times, on the sampling grid.
    const grid = await count(
      `SELECT count(*) AS n FROM cold_chain_readings WHERE device <> 'G2001-SKID-01' AND (extract(epoch FROM source_time) * 1000)::bigint % ${PERIOD_MS} <> 0`,
    );
    expect(grid).to.equal(0);
  });

  it('proves any single reading against its window root', async () => {
    const { rows } = await db.pool.query<{ device: string; node: string; source_time: Date }>(
      `SELECT r.device, r.node, r.source_time FROM cold_chain_readings r JOIN cold_chain_windows w USING (window_start, device)
        WHERE w.root IS NOT NULL AND r.device = 'G2001-SKID-01' AND r.node = 'ph' ORDER BY r.source_time LIMIT 1`,
    );
    const row = rows[0]!;
    const proof = await readingInclusionProof(store, `${row.device}/${row.node}@${row.source_time.toISOString()}`);
    expect(proof.verified).to.equal(true);
    expect(proof.steps.length).to.be.greaterThan(0);
    expect(JSON.parse(proof.canonicalReading)).to.include({ device: 'G2001-SKID-01', node: 'ph' });
  });

  it('detects one altered reading in PostgreSQL and names it', async () => {
    const { rows } = await db.pool.query<{ window_start: Date; source_time: Date }>(
      `SELECT r.window_start, r.source_time FROM cold_chain_readings r JOIN cold_chain_windows w USING (window_start, device)
        WHERE w.root IS NOT NULL AND r.device = 'G1001-FRZ-02' ORDER BY r.source_time DESC LIMIT 1`,
    );
    const { window_start: windowStart, source_time: sourceTime } = rows[0]!;
    const id = `G1001-FRZ-02/temperature@${sourceTime.toISOString()}`;
    expect((await readingInclusionProof(store, id)).verified).to.equal(true);

    await db.pool.query(
      `UPDATE cold_chain_readings SET value = value - 0.01 WHERE device = 'G1001-FRZ-02' AND node = 'temperature' AND source_time = $1`,
      [sourceTime],
    );

    const check = await verifyWindow(store, 'G1001-FRZ-02', windowStart);
    expect(check.intact).to.equal(false);
    expect(check.alteredReadings).to.deep.equal([id]);
    expect((await readingInclusionProof(store, id)).verified).to.equal(false);
    expect((await verifyWindow(store, 'G1001-FRZ-01', windowStart)).intact).to.equal(true);
  });

  it('loses nothing and duplicates nothing across a network disconnect', async () => {
    logs.length = 0;
    const before = await count('SELECT count(*) AS n FROM cold_chain_readings');
    await server.injectFault('G1001-FRZ-01', { kind: 'disconnect', durationMs: 3_000 });
    await eventually('the connection to drop and come back', async () => logs.some((m) => m.includes('connection re-established')));
    await eventually('readings to flow again', async () => {
      await ingest.settle();
      return (await count('SELECT count(*) AS n FROM cold_chain_readings')) > before + 60;
    });
    expect(logs.some((m) => m.includes('connection lost'))).to.equal(true);
    for (const device of ['G1001-FRZ-01', 'G1001-FRZ-02', 'G1001-TRK-07']) await assertContinuous(device, 'temperature', PERIOD_MS);
    for (const node of ['temperature', 'ph', 'centrifugeSpeed']) await assertContinuous('G2001-SKID-01', node, 2 * PERIOD_MS);
    const status = ingest.status();
    expect(status.stored + status.duplicates + status.refusedLate + status.buffered).to.equal(status.received);
    // A reading read back or re-delivered after the drop lies after its signal's sealed windows: none is refused.
    expect(status.refusedLate + status.refusedFuture, JSON.stringify(status.refusals)).to.equal(0);
    // The background loop may store a batch meanwhile: the table holds what was counted before and after.
    const stored = await count('SELECT count(*) AS n FROM cold_chain_readings');
    expect(stored, JSON.stringify(status)).to.be.within(status.stored, ingest.status().stored);
  });

  it('resumes after the ingest itself stops, from the last stored reading', async () => {
    await ingest.stop();
    const stoppedAt = Date.now();
    await sleep(2_500);
    ingest = await start();
    await eventually('the readings missed while stopped to be read back', async () => {
      await ingest.settle();
      return ingest.status().backfilled >= Math.floor((Date.now() - stoppedAt) / PERIOD_MS) - 10;
    });
    // The count above is over every signal: one signal's history may still be on its way while another's is in.
    const continuous = (device: string): Promise<boolean> =>
      assertContinuous(device, 'temperature', PERIOD_MS).then(
        () => true,
        () => false,
      );
    await eventually('every signal read back without a gap', async () => {
      await ingest.settle();
      for (const device of ['G1001-FRZ-01', 'G1001-FRZ-02', 'G1001-TRK-07']) if (!(await continuous(device))) return false;
      return true;
    });
    for (const device of ['G1001-FRZ-01', 'G1001-FRZ-02', 'G1001-TRK-07']) await assertContinuous(device, 'temperature', PERIOD_MS);
    // Sealing waited for the backfill, so nothing it read back fell behind a sealed window.
    expect(ingest.status().refusedLate, JSON.stringify(ingest.status().refusals)).to.equal(0);
  });

  it('finds a storage excursion on exactly the device that had one, tolerated or a violation by the rule', async () => {
    await server.injectFault('G1001-FRZ-02', { kind: 'excursion', signal: 'temperature', value: -12, durationMs: 1_000 });
    await sleep(1_500);
    await server.injectFault('G1001-TRK-07', { kind: 'excursion', signal: 'temperature', value: -2.5, durationMs: 500 });
    await eventually('both excursions closed and sealed', async () => {
      await ingest.settle();
      return (await count('SELECT count(*) AS n FROM cold_chain_excursions WHERE ended_at IS NOT NULL')) === 2;
    });
    const { rows } = await db.pool.query<{ device: string; severity: string; peak_value: number; started_at: Date; ended_at: Date }>(
      'SELECT device, severity, peak_value, started_at, ended_at FROM cold_chain_excursions ORDER BY device',
    );
    expect(rows.map((r) => [r.device, r.severity, r.peak_value])).to.deep.equal([
      ['G1001-FRZ-02', 'tolerated', -12],
      ['G1001-TRK-07', 'violation', -2.5],
    ]);
    const duration = rows[0]!.ended_at.getTime() - rows[0]!.started_at.getTime();
    expect(duration).to.be.within(900, 1_200);
    // The skid's process temperature (-3 °C) is not plasma storage: the storage rule never applies to it.
  });

  it('signs in with its application certificate as the user identity too', async () => {
    const withCertificate = await startIngest({
      config: testConfig({ identity: 'certificate' }),
      pool: db.pool,
      pki: security.ingest,
      credentials: security.credentials,
      rule: async () => TEST_RULE,
      log: () => undefined,
    });
    await sleep(1_000);
    expect(withCertificate.status().received).to.be.greaterThan(0);
    await withCertificate.stop();
  });
});
