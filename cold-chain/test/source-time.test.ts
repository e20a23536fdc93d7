// Device clocks the ingest does not trust (real OPC UA server and client, real PostgreSQL): a device whose clock
// runs an hour (or ten days) ahead has those readings refused and counted, stored nowhere and opening no partition;
// one whose clock falls behind its own sealed windows has those readings refused and counted, and every sealed root
// still recomputes from PostgreSQL; the readings before and after are stored as usual. The rule itself first.
import { expect } from 'chai';
import { startDeviceServer, type DeviceServer } from '../src/devices/device-server';
import { startIngest, type Ingest } from '../src/ingest/ingest-service';
import { ReadingStore } from '../src/ingest/reading-store';
import { SourceTimeGuard } from '../src/ingest/source-time-guard';
import type { Reading } from '../src/merkle/reading-leaf';
import { verifyWindow } from '../src/services/reading-proofs';
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

const MINUTE = 60_000;
const reading = (device: string, sourceTime: number): Reading => ({
  device,
  node: 'temperature',
  sourceTime: new Date(sourceTime),
  value: -30,
  statusCode: 0,
});

describe('source-time guard', function () {
  const now = Date.parse('2026-11-21T12:00:00.000Z');

  it('refuses a reading more than the tolerance ahead of the ingest, and one minute less ahead passes', function () {
    const logs: string[] = [];
    const guard = new SourceTimeGuard({ toleranceMs: 5 * MINUTE, sealedThrough: new Map(), log: (m) => logs.push(m) });
    expect(guard.refusesFuture(reading('D-1', now + 4 * MINUTE), now)).to.equal(false);
    expect(guard.refusesFuture(reading('D-1', now + 60 * MINUTE), now)).to.equal(true);
    expect(guard.refusesFuture(reading('D-1', now + 61 * MINUTE), now)).to.equal(true);
    expect(guard.refusals).to.deep.equal({
      'D-1': { refusedFuture: 2, refusedLate: 0, firstFuture: '2026-11-21T13:00:00.000Z', firstLate: null },
    });
    expect(logs).to.have.length(1);
    expect(logs[0]).to.match(
      /^D-1: refused a reading of temperature stamped 2026-11-21T13:00:00.000Z, 3600.0 s ahead of the ingest's clock \(tolerance 5 min\)/,
    );
  });

  it('holds a signal behind its last sealed reading, moved on by each seal', function () {
    const guard = new SourceTimeGuard({
      toleranceMs: 5 * MINUTE,
      sealedThrough: new Map([['D-1/temperature', new Date(now)]]),
      log: () => undefined,
    });
    expect(guard.behindSealed(reading('D-1', now))).to.equal(true);
    expect(guard.behindSealed(reading('D-1', now + 1))).to.equal(false);
    expect(guard.behindSealed(reading('D-2', now - 1))).to.equal(false);
    guard.sealed([reading('D-1', now + 500), reading('D-2', now - 1)]);
    expect(guard.behindSealed(reading('D-1', now + 500))).to.equal(true);
    expect(guard.behindSealed(reading('D-2', now - 1))).to.equal(true);
  });
});

describe('ingest refusing untrusted device clocks (real OPC UA server and client, real PostgreSQL)', function () {
  this.timeout(120_000);
  const config = testConfig({ port: 17591 });
  const devices = config.servers[0]!.devices;
  const [freezer1, freezer2] = devices.filter((d) => d.kind === 'freezer').map((d) => d.id) as [string, string];
  const logger = devices.find((d) => d.kind === 'reefer')!.id;
  let db: TestDatabase;
  let security: TestSecurity;
  let server: DeviceServer;
  let ingest: Ingest;
  let store: ReadingStore;
  const logs: string[] = [];
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  const readingsOf = (device: string, after: Date): Promise<number> =>
    count('SELECT count(*) AS n FROM cold_chain_readings WHERE device = $1 AND source_time > $2', [device, after]);

  before(async () => {
    db = await createTestDatabase();
    security = await createTestSecurity();
    store = new ReadingStore(db.pool);
    server = await startDeviceServer({ config: config.servers[0]!, pki: security.server, credentials: security.credentials });
    ingest = await startIngest({
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
    await eventually('two windows sealed', async () => {
      await ingest.settle();
      return ingest.status().sealedWindows >= 2;
    });
  });

  after(async () => {
    await ingest?.stop().catch(() => undefined);
    await server?.stop();
    await db?.drop();
    security?.remove();
  });

  it('refuses and counts readings stamped an hour and ten days ahead, stores none of them and opens no partition for them', async () => {
    const faultAt = new Date();
    await server.injectFault(freezer1, { kind: 'clock', offsetMs: 3_600_000, durationMs: 5 * PERIOD_MS });
    await server.injectFault(freezer2, { kind: 'clock', offsetMs: 10 * 86_400_000, durationMs: 5 * PERIOD_MS });
    await eventually("both devices' future readings refused", async () => {
      const { refusals } = ingest.status();
      return (refusals[freezer1]?.refusedFuture ?? 0) >= 3 && (refusals[freezer2]?.refusedFuture ?? 0) >= 3;
    });
    // Normal readings go on being stored once the clocks are right again.
    await eventually('readings after the fault stored', async () => {
      await ingest.settle();
      return (
        (await readingsOf(freezer1, new Date(faultAt.getTime() + 10 * PERIOD_MS))) > 10 &&
        (await readingsOf(freezer2, new Date(faultAt.getTime() + 10 * PERIOD_MS))) > 10
      );
    });

    const status = ingest.status();
    const first = status.refusals[freezer1]!;
    expect(Date.parse(first.firstFuture!) - faultAt.getTime()).to.be.within(3_600_000, 3_600_000 + 2_000);
    expect(first.refusedLate).to.equal(0);
    expect(status.refusedFuture).to.equal(first.refusedFuture + status.refusals[freezer2]!.refusedFuture);
    // Logged once per device, with its first offending timestamp, however many readings were refused.
    expect(logs.filter((m) => m.startsWith(`${freezer1}: refused`))).to.deep.equal([logs.find((m) => m.includes(first.firstFuture!))]);
    expect(logs.filter((m) => m.startsWith(`${freezer2}: refused`))).to.have.length(1);

    expect(await count(`SELECT count(*) AS n FROM cold_chain_readings WHERE source_time > now() + interval '5 minutes'`)).to.equal(0);
    // The partitions are those the ingest creates ahead at start (today and the two days after), none further.
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'cold_chain_readings'::regclass`,
    );
    const lastCreated = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    expect(rows.map((r) => r.name).filter((name) => name.slice(-8) > lastCreated)).to.deep.equal([]);
    const tenDaysAhead = Date.parse(status.refusals[freezer2]!.firstFuture!);
    expect(rows.map((r) => r.name)).not.to.include(
      `cold_chain_readings_${new Date(tenDaysAhead).toISOString().slice(0, 10).replaceAll('-', '')}`,
    );
  });

  it("refuses and counts readings stamped behind their signal's last sealed window, and every sealed root still recomputes", async () => {
    const device = logger;
    const sealedBefore = async () =>
      (
        await db.pool.query<{ window_start: Date; root: Buffer; leaf_count: number }>(
          'SELECT window_start, root, leaf_count FROM cold_chain_windows WHERE device = $1 AND root IS NOT NULL ORDER BY window_start',
          [device],
        )
      ).rows;
    await ingest.settle();
    const sealed = await sealedBefore();
    expect(sealed.length).to.be.greaterThan(1);

    // Ten seconds and 50 ms behind: behind the sealed windows (two seconds each), and off the sampling grid, so each
    // reading is new rather than a repeat of one stored.
    const faultAt = new Date();
    await server.injectFault(device, { kind: 'clock', offsetMs: -10_050, durationMs: 5 * PERIOD_MS });
    await eventually('late readings refused', async () => {
      await ingest.settle();
      return (ingest.status().refusals[device]?.refusedLate ?? 0) >= 3;
    });
    await eventually('readings after the fault stored', async () => {
      await ingest.settle();
      return (await readingsOf(device, new Date(faultAt.getTime() + 10 * PERIOD_MS))) > 10;
    });

    const refused = ingest.status().refusals[device]!;
    expect(refused.refusedFuture).to.equal(0);
    expect(faultAt.getTime() - Date.parse(refused.firstLate!)).to.be.within(10_050 - 2 * PERIOD_MS, 10_050 + 2_000);
    expect(logs.filter((m) => m.startsWith(`${device}: refused`))).to.have.length(1);
    expect(logs.find((m) => m.startsWith(`${device}: refused`)))
      .to.contain(refused.firstLate!)
      .and.to.contain('in a sealed window');
    // Stored nowhere: no reading of the device is off the sampling grid.
    expect(
      await count(
        `SELECT count(*) AS n FROM cold_chain_readings WHERE device = $1 AND (extract(epoch FROM source_time) * 1000)::bigint % ${PERIOD_MS} <> 0`,
        [device],
      ),
    ).to.equal(0);

    // Every window sealed before is as it was, and its root recomputes from PostgreSQL.
    const after = await sealedBefore();
    for (const window of sealed) {
      const now = after.find((w) => w.window_start.getTime() === window.window_start.getTime())!;
      expect(now.root.equals(window.root), window.window_start.toISOString()).to.equal(true);
      expect(now.leaf_count).to.equal(window.leaf_count);
      const check = await verifyWindow(store, device, window.window_start);
      expect(check, window.window_start.toISOString()).to.include({ intact: true, leafCountMismatch: null });
      expect(check.recomputedRoot).to.equal(window.root.toString('hex'));
    }
    const status = ingest.status();
    expect(status.stored + status.duplicates + status.refusedLate + status.buffered).to.equal(status.received);
  });

  it('goes on storing every signal after the faults, with no reading refused since', async () => {
    const { refusedFuture, refusedLate } = ingest.status();
    const since = new Date();
    await sleep(1_000);
    await ingest.settle();
    for (const { id } of devices) expect(await readingsOf(id, since), id).to.be.greaterThan(0);
    expect(ingest.status()).to.include({ refusedFuture, refusedLate });
  });
});
