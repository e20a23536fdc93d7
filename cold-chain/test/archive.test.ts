// Old readings move out of PostgreSQL into the site's archive (real PostgreSQL, real files): a day whose windows are all
// anchored is written as gzip JSON lines with a manifest, read back, then its partition dropped; a reading of it is
// still proven against its anchored root; a day with a window not anchored, or a reading changed behind the ingest, is
// kept; an archive file changed afterwards is named, never served as a proof.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { archiveReadings, type ArchiveManifest } from '../src/archive/reading-archive';
import { ReadingStore } from '../src/ingest/reading-store';
import { WindowSealer } from '../src/ingest/window-sealer';
import { readingId, readingLeafHash, type Reading } from '../src/merkle/reading-leaf';
import { ArchiveAlteredError, coldChainQueries } from '../src/services';
import { createTestDatabase, type TestDatabase } from './harness';

const DAY_MS = 86_400_000;
const WINDOW_MS = 60_000;
const DEVICE = 'G1001-FRZ-09';

describe('cold-chain archive of old readings (real PostgreSQL)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let store: ReadingStore;
  let dir: string;
  const now = new Date();
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  /** Noon of the UTC day `daysAgo` days before today. */
  const noon = (daysAgo: number): number => today - daysAgo * DAY_MS + DAY_MS / 2;
  const partition = (daysAgo: number): string =>
    `cold_chain_readings_${new Date(today - daysAgo * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;

  /** Two windows of readings (one a second) at noon of that day, sealed; anchored unless told otherwise. */
  const storeDay = async (daysAgo: number, anchored = true): Promise<Reading[]> => {
    const readings: Reading[] = Array.from({ length: 120 }, (_, s) => ({
      device: DEVICE,
      node: 'temperature',
      sourceTime: new Date(noon(daysAgo) + s * 1000),
      value: -30 + (s % 7) / 10,
      statusCode: 0,
    }));
    for (const w of [0, 1]) {
      const start = new Date(noon(daysAgo) + w * WINDOW_MS);
      await store.insertReadings(
        readings.slice(w * 60, w * 60 + 60).map((r) => ({ ...r, leafHash: readingLeafHash(r) })),
        { start, end: new Date(start.getTime() + WINDOW_MS) },
      );
    }
    await seal();
    if (anchored) for (const w of [0, 1]) await store.recordAnchor(new Date(noon(daysAgo) + w * WINDOW_MS), [DEVICE], `tx-${daysAgo}-${w}`);
    return readings;
  };
  const seal = (): Promise<unknown> =>
    new WindowSealer({
      store,
      windowMs: WINDOW_MS,
      storageDevices: new Set([DEVICE]),
      rule: async () => ({ storageLimitC: -20, toleranceLimitC: -5, toleranceHours: 72, source: 'test fixture' }),
    }).sealDue(now.getTime());
  const partitions = async (): Promise<string[]> =>
    (
      await db.pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
          WHERE p.relname = 'cold_chain_readings'`,
      )
    ).rows.map((r) => r.name);
  const manifestOf = (name: string): ArchiveManifest =>
    JSON.parse(
      readFileSync(
        path.join(
          dir,
          readdirSync(dir).find((f) => f.startsWith(name) && f.endsWith('.manifest.json'))!,
        ),
        'utf8',
      ),
    );

  /** As the CLI checks a window before it archives it: over PostgreSQL and the archive. */
  const windowIntact = async (device: string, windowStart: Date): Promise<boolean> =>
    (await coldChainQueries(db.pool, dir).verifyWindow(device, windowStart)).intact;

  before(async () => {
    db = await createTestDatabase();
    store = new ReadingStore(db.pool);
    dir = mkdtempSync(path.join(os.tmpdir(), 'cold-chain-archive-'));
  });
  after(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves an anchored day past the kept age into a gzip file and manifest, drops its partition, and still proves its readings', async () => {
    const old = await storeDay(100);
    await storeDay(10);
    const { archived, kept } = await archiveReadings(db.pool, { dir, olderThanDays: 90, now, windowIntact });
    expect(kept).to.deep.equal([]);
    expect(archived.map((m) => m.partition)).to.deep.equal([partition(100)]);
    expect(await partitions())
      .to.include(partition(10))
      .and.not.include(partition(100));

    const manifest = manifestOf(partition(100));
    expect(manifest).to.deep.include({ readings: 120, day: new Date(today - 100 * DAY_MS).toISOString().slice(0, 10) });
    const file = readFileSync(path.join(dir, manifest.file));
    expect(createHash('sha256').update(file).digest('hex')).to.equal(manifest.sha256);
    expect(gunzipSync(file).toString('utf8').trim().split('\n')).to.have.length(120);
    expect(manifest.windows.map((w) => w.anchorTxId)).to.deep.equal(['tx-100-0', 'tx-100-1']);
    expect(await store.findReading(DEVICE, 'temperature', old[70]!.sourceTime)).to.equal(undefined);

    // The proof of an archived reading: its window's leaves from the archive, its root as anchored.
    const queries = coldChainQueries(db.pool, dir);
    const proof = await queries.inclusionProof(readingId(old[70]!));
    expect(proof).to.deep.include({ verified: true, anchorTxId: 'tx-100-1', leafCount: 60, index: 10 });
    expect(proof.root).to.equal(manifest.windows[1]!.root);
    expect((await queries.verifyWindow(DEVICE, new Date(noon(100) + WINDOW_MS))).intact).to.equal(true);
    // Without the archive, PostgreSQL no longer holds it.
    const error = await coldChainQueries(db.pool)
      .inclusionProof(readingId(old[70]!))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.an('error').with.property('name', 'ReadingNotFoundError');
  });

  it('keeps a day whose window is not anchored yet, or no longer yields its anchored root (a row changed or deleted), naming why', async () => {
    await storeDay(200, false);
    const changed = await storeDay(300);
    await db.pool.query(`UPDATE ${partition(300)} SET value = -10 WHERE source_time = $1`, [changed[5]!.sourceTime]);
    // A row deleted, and one changed with its leaf hash made to match: each window no longer has its anchored root.
    const cut = await storeDay(250);
    await db.pool.query(`DELETE FROM ${partition(250)} WHERE source_time = $1`, [cut[7]!.sourceTime]);
    const rewritten = { ...cut[70]!, value: -40 };
    await db.pool.query(`UPDATE ${partition(250)} SET value = -40, leaf_hash = $2 WHERE source_time = $1`, [
      rewritten.sourceTime,
      readingLeafHash(rewritten),
    ]);
    const { archived, kept } = await archiveReadings(db.pool, { dir, olderThanDays: 90, now, windowIntact });
    expect(archived).to.deep.equal([]);
    expect(kept).to.deep.equal([
      {
        partition: partition(300),
        reason: `the window of ${DEVICE} from ${new Date(noon(300)).toISOString()} no longer yields its anchored root`,
      },
      {
        partition: partition(250),
        reason: `the window of ${DEVICE} from ${new Date(noon(250)).toISOString()} no longer yields its anchored root`,
      },
      { partition: partition(200), reason: `the window of ${DEVICE} from ${new Date(noon(200)).toISOString()} is not anchored yet` },
    ]);
    expect(await partitions())
      .to.include(partition(200))
      .and.include(partition(300));
  });

  it('names an archive file changed after it was written, and serves no proof from it', async () => {
    const manifest = manifestOf(partition(100));
    const file = path.join(dir, manifest.file);
    const original = readFileSync(file);
    const lines = gunzipSync(original).toString('utf8').replace('"value":-30,', '"value":-3,');
    writeFileSync(file, gzipSync(lines));
    try {
      const sourceTime = new Date(noon(100));
      const error = await coldChainQueries(db.pool, dir)
        .inclusionProof(`${DEVICE}/temperature@${sourceTime.toISOString()}`)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(ArchiveAlteredError);
      expect((error as Error).message)
        .to.contain(manifest.file)
        .and.to.contain("does not match its manifest's SHA-256");
    } finally {
      writeFileSync(file, original);
    }
  });
  it('proves a reading of a window that spans an archived day and a kept one, from the leaves of both', async () => {
    // One window stored the last 30 seconds of day 401 and the first 30 of day 400 (readings read back late).
    const midnight = today - 400 * DAY_MS;
    const readings: Reading[] = Array.from({ length: 60 }, (_, s) => ({
      device: DEVICE,
      node: s % 2 === 0 ? 'temperature' : 'Temperature', // two signals, whose byte order is not a locale's order
      sourceTime: new Date(midnight + (s - 30) * 1000),
      value: -31,
      statusCode: 0,
    }));
    const start = new Date(midnight + 10 * WINDOW_MS);
    await store.insertReadings(
      readings.map((r) => ({ ...r, leafHash: readingLeafHash(r) })),
      { start, end: new Date(start.getTime() + WINDOW_MS) },
    );
    await seal();
    await store.recordAnchor(start, [DEVICE], 'tx-span');
    const { archived, kept } = await archiveReadings(db.pool, { dir, olderThanDays: 400, now, windowIntact });
    expect(kept).to.deep.equal([]);
    expect(archived.map((m) => m.partition)).to.deep.equal([partition(401)]);
    expect(await partitions())
      .to.include(partition(400))
      .and.not.include(partition(401));

    const queries = coldChainQueries(db.pool, dir);
    for (const reading of [readings[3]!, readings[44]!]) {
      const proof = await queries.inclusionProof(readingId(reading));
      expect(proof, readingId(reading)).to.deep.include({ verified: true, anchorTxId: 'tx-span', leafCount: 60 });
    }
    expect((await queries.verifyWindow(DEVICE, start)).intact).to.equal(true);
  });

  it('stores a reading of an archived day delivered late, making its partition again', async () => {
    const late: Reading = { device: DEVICE, node: 'temperature', sourceTime: new Date(noon(100) + 500_000), value: -29, statusCode: 0 };
    const start = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
    const stored = await store.insertReadings([{ ...late, leafHash: readingLeafHash(late) }], {
      start,
      end: new Date(start.getTime() + WINDOW_MS),
    });
    expect(stored).to.equal(1);
    expect(await partitions()).to.include(partition(100));
    expect(await store.findReading(DEVICE, 'temperature', late.sourceTime)).to.deep.include({ value: -29 });
  });
});
