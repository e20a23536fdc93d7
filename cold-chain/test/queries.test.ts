// The read side the GraphQL gateway mounts, against a real PostgreSQL: raw and downsampled readings of a
// device or shipment, excursions, and inclusion proofs of single readings.
import { expect } from 'chai';
import { ReadingStore } from '../src/ingest/reading-store';
import { WindowSealer } from '../src/ingest/window-sealer';
import { readingLeafHash, type Reading } from '../src/merkle/reading-leaf';
import { coldChainQueries, type ColdChainQueries } from '../src/services';
import { createTestDatabase, type TestDatabase } from './harness';

describe('cold-chain queries for the gateway (real PostgreSQL)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let queries: ColdChainQueries;
  const windowMs = 60_000;
  const base = Math.floor(Date.now() / windowMs) * windowMs - 5 * windowMs;
  const at = (second: number): Date => new Date(base + second * 1000);
  // One reading a second for two minutes: -30 °C, warmer (-15 °C) from second 30 to 39, one Bad reading at 50.
  const series: Reading[] = Array.from({ length: 120 }, (_, s) => ({
    device: 'G1001-TRK-07',
    node: 'temperature',
    sourceTime: at(s),
    value: s === 50 ? null : s >= 30 && s < 40 ? -15 : -30,
    statusCode: s === 50 ? 0x808b0000 : 0,
  }));

  before(async () => {
    db = await createTestDatabase();
    const store = new ReadingStore(db.pool);
    for (const w of [0, 1]) {
      const start = new Date(base + w * windowMs);
      await store.insertReadings(
        series.slice(w * 60, w * 60 + 60).map((r) => ({ ...r, leafHash: readingLeafHash(r) })),
        { start, end: new Date(start.getTime() + windowMs) },
      );
    }
    await new WindowSealer({
      store,
      windowMs,
      storageDevices: new Set(['G1001-TRK-07']),
      rule: async () => ({ storageLimitC: -20, toleranceLimitC: -5, toleranceHours: 72, source: 'test fixture' }),
    }).sealDue(Date.now());
    queries = coldChainQueries(db.pool);
  });

  after(async () => {
    await db?.drop();
  });

  it('returns raw readings of a device over a half-open time range', async () => {
    const raw = await queries.readings({ device: 'G1001-TRK-07', from: at(10), to: at(20) });
    expect(raw).to.have.length(10);
    expect(raw[0]).to.deep.include({ id: `G1001-TRK-07/temperature@${at(10).toISOString()}`, value: -30, statusCode: 0 });
  });

  it('downsamples into equal buckets, keeping Bad readings out of the statistics', async () => {
    const buckets = await queries.readingBuckets({ device: 'G1001-TRK-07', node: 'temperature', from: at(0), to: at(120), buckets: 4 });
    expect(buckets.map((b) => [b.count, b.min, b.max, b.notGood])).to.deep.equal([
      [30, -30, -30, 0],
      [30, -30, -15, 1],
      [30, -30, -30, 0],
      [30, -30, -30, 0],
    ]);
    expect(buckets[1]!.mean).to.be.closeTo((-15 * 10 - 30 * 19) / 29, 1e-9);
    expect(buckets[1]!.from).to.deep.equal(at(30));
  });

  it('answers a shipment by the logger that travelled with it', async () => {
    const buckets = await queries.shipmentReadings({ loggerDevice: 'G1001-TRK-07', from: at(30), to: at(40) }, 1);
    expect(buckets).to.have.length(1);
    expect(buckets[0]).to.include({ count: 10, max: -15, min: -15 });
  });

  it('names the rule a query breaks', async () => {
    const error = await queries.readingBuckets({ device: 'G1001-TRK-07', from: at(10), to: at(0), buckets: 4 }).catch((e: Error) => e);
    expect((error as Error).message).to.equal('from: must be earlier than to');
    const tooMany = await queries.readingBuckets({ device: 'G1001-TRK-07', from: at(0), to: at(10), buckets: 0 }).catch((e: Error) => e);
    expect((tooMany as Error).message).to.equal('buckets: must be an integer from 1 to 2000');
  });

  it('lists the excursion with the id of its peak reading, and proves that reading', async () => {
    const [excursion] = await queries.excursions({ device: 'G1001-TRK-07' });
    expect(excursion).to.include({ severity: 'tolerated', peakValue: -15, reportedTxId: null });
    expect(excursion!.startedAt).to.deep.equal(at(30));
    expect(excursion!.endedAt).to.deep.equal(at(40));
    const proof = await queries.inclusionProof(excursion!.peakReadingId);
    expect(proof).to.include({ verified: true, leafCount: 60, index: 30, anchorTxId: null });
    expect(await queries.excursions({ severity: 'violation' })).to.deep.equal([]);
  });

  it('refuses a malformed or unknown reading id by name', async () => {
    expect(((await queries.inclusionProof('nope').catch((e: Error) => e)) as Error).message).to.match(/^readingId: must be/);
    const unknown = (await queries.inclusionProof(`G1001-TRK-07/temperature@${at(500).toISOString()}`).catch((e: Error) => e)) as Error;
    expect(unknown.name).to.equal('ReadingNotFoundError');
  });
});
