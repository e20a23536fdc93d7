// Anchoring and excursion reporting against a real PostgreSQL, with the ledger replaced by recording fakes
// of the Anchorer and ExcursionReporter ports (the chaincode contract does not exist yet).
import { expect } from 'chai';
import { AnchorScheduler } from '../src/ingest/anchor-scheduler';
import type { Anchorer, ExcursionReport, ExcursionReporter, WindowRoots } from '../src/ingest/ledger-ports';
import { ReadingStore } from '../src/ingest/reading-store';
import { WindowSealer } from '../src/ingest/window-sealer';
import { canonicalReading, type Reading } from '../src/merkle/reading-leaf';
import { leafHash, verifyInclusion } from '../src/merkle/tree';
import { createTestDatabase, TEST_RULE, type TestDatabase } from './harness';

let transactions = 0;

class RecordingLedger implements Anchorer, ExcursionReporter {
  readonly anchored: WindowRoots[] = [];
  readonly reports: ExcursionReport[] = [];
  failNext = false;
  async anchor(window: WindowRoots): Promise<string> {
    if (this.failNext) { this.failNext = false; throw new Error('ledger unavailable'); }
    this.anchored.push(window);
    return `tx-anchor-${++transactions}`;
  }
  async report(report: ExcursionReport): Promise<string> {
    this.reports.push(report);
    return `tx-excursion-${++transactions}`;
  }
}

describe('anchoring windows and reporting excursions (real PostgreSQL, recording ledger fake)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let store: ReadingStore;
  const windowMs = 60_000;
  // Readings stored several windows ago, so that every window used here is closed now.
  const base = Math.floor(Date.now() / windowMs) * windowMs - 5 * windowMs;
  const reading = (device: string, second: number, value: number): Reading =>
    ({ device, node: 'temperature', sourceTime: new Date(base + second * 1000), value, statusCode: 0 });

  const insertIn = async (windowIndex: number, readings: Reading[]): Promise<void> => {
    const start = new Date(base + windowIndex * windowMs);
    const batch = readings.map((r) => ({ ...r, leafHash: leafHash(canonicalReading(r)) }));
    await store.insertReadings(batch, { start, end: new Date(start.getTime() + windowMs) });
  };
  const seal = (): Promise<void> => new WindowSealer({
    store, windowMs, storageDevices: new Set(['G1001-FRZ-01', 'G1001-FRZ-02']), rule: async () => TEST_RULE,
  }).sealDue(Date.now());

  before(async () => {
    db = await createTestDatabase();
    store = new ReadingStore(db.pool);
    await insertIn(0, [reading('G1001-FRZ-01', 1, -30), reading('G1001-FRZ-01', 2, -12), reading('G1001-FRZ-02', 1, -31)]);
    await insertIn(1, [reading('G1001-FRZ-01', 61, -30), reading('G1001-FRZ-02', 61, -31)]);
    await seal();
  });

  after(async () => {
    await db?.drop();
  });

  it('anchors each window once, in one transaction carrying every device root, oldest first, retrying after a failure', async () => {
    const ledger = new RecordingLedger();
    const scheduler = new AnchorScheduler({ store, anchorer: ledger, reporter: ledger, log: () => undefined });
    ledger.failNext = true;
    await scheduler.runOnce().catch(() => undefined);
    expect(ledger.anchored).to.have.length(0);
    await scheduler.runOnce();
    await scheduler.runOnce();
    expect(ledger.anchored.map((w) => [w.windowStart.getTime() - base, w.roots.map((r) => [r.device, r.leafCount])])).to.deep.equal([
      [0, [['G1001-FRZ-01', 2], ['G1001-FRZ-02', 1]]],
      [windowMs, [['G1001-FRZ-01', 1], ['G1001-FRZ-02', 1]]],
    ]);
    const anchors = await db.pool.query<{ tx_id: string }>('SELECT tx_id FROM cold_chain_anchors ORDER BY window_start');
    expect(anchors.rows.map((r) => r.tx_id)).to.deep.equal(['tx-anchor-1', 'tx-anchor-2']); // the failed attempt got none
  });

  it('reports the excursion once, with its peak reading proven against the anchored root', async () => {
    const ledger = new RecordingLedger();
    const scheduler = new AnchorScheduler({ store, anchorer: ledger, reporter: ledger, log: () => undefined });
    await scheduler.runOnce();
    expect(ledger.reports).to.have.length(0); // reported by the first scheduler already
    const { rows } = await db.pool.query<{ reported_tx_id: string; severity: string; ended_at: Date }>('SELECT reported_tx_id, severity, ended_at FROM cold_chain_excursions');
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ reported_tx_id: 'tx-excursion-3', severity: 'tolerated' });
  });

  it('gives the ledger evidence it can check on its own', async () => {
    await db.pool.query('UPDATE cold_chain_excursions SET reported_severity = NULL, reported_ended_at = NULL');
    const ledger = new RecordingLedger();
    await new AnchorScheduler({ store, anchorer: ledger, reporter: ledger, log: () => undefined }).runOnce();
    const [report] = ledger.reports;
    const { evidence } = report!;
    expect(JSON.parse(evidence.canonicalReading)).to.include({ device: 'G1001-FRZ-01', value: -12 });
    const proof = { ...evidence.proof, steps: evidence.proof.steps.map((s) => ({ side: s.side, hash: Buffer.from(s.hash, 'hex') })) };
    expect(verifyInclusion(leafHash(Buffer.from(evidence.canonicalReading)), proof, evidence.root)).to.equal(true);
  });

  it('reports a running excursion, then again when it escalates and when it ends', async () => {
    const ledger = new RecordingLedger();
    const scheduler = new AnchorScheduler({ store, anchorer: ledger, reporter: ledger, log: () => undefined });
    await insertIn(2, [reading('G1001-FRZ-02', 121, -15)]);
    await seal();
    await scheduler.runOnce();
    await insertIn(3, [reading('G1001-FRZ-02', 181, -4), reading('G1001-FRZ-02', 182, -31)]);
    await seal();
    await scheduler.runOnce();
    await scheduler.runOnce();
    expect(ledger.reports.map(({ excursion: e }) => [e.severity, e.peakValue, e.endedAt?.getTime() ?? null])).to.deep.equal([
      ['tolerated', -15, null],
      ['violation', -4, base + 182_000],
    ]);
    expect(ledger.reports[1]!.evidence.windowStart.getTime()).to.equal(base + 3 * windowMs);
  });
});
