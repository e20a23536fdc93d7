// Anchoring and excursion reporting against a real PostgreSQL, with the ledger replaced by recording fakes of the
// Anchorer and ExcursionReporter ports (ledger.test.ts runs them on the real ledger). Each test starts from empty
// tables and stores the readings it needs.
import { expect } from 'chai';
import { AnchorScheduler } from '../src/ingest/anchor-scheduler';
import {
  LedgerRefusal,
  type Anchorer,
  type ExcursionReport,
  type ExcursionReporter,
  type IngestLedger,
  type WindowRoots,
} from '../src/ingest/ledger-ports';
import { ReadingStore } from '../src/ingest/reading-store';
import { WindowSealer } from '../src/ingest/window-sealer';
import { canonicalReading, type Reading } from '../src/merkle/reading-leaf';
import { leafHash, verifyInclusion } from '../src/merkle/tree';
import { createTestDatabase, TEST_RULE, type TestDatabase } from './harness';

class RecordingLedger implements Anchorer, ExcursionReporter {
  readonly anchored: { site: string; window: WindowRoots }[] = [];
  readonly reports: { site: string; report: ExcursionReport }[] = [];
  /** Sites whose next anchor fails as a passing failure; devices whose next excursion report does. */
  readonly failNext = new Set<string>();
  readonly failNextReport = new Set<string>();
  /** Sites or devices whose excursions are refused for good; sites whose anchors are. */
  readonly refuse = new Set<string>();
  readonly refuseAnchors = new Set<string>();
  #transactions = 0;
  async anchor(site: string, window: WindowRoots): Promise<string> {
    if (this.failNext.delete(site)) throw new Error('ledger unavailable');
    if (this.refuseAnchors.has(site))
      throw new LedgerRefusal(
        `CONFLICT: the window of ${site} starting ${window.windowStart.toISOString()} is already anchored with other roots`,
      );
    this.anchored.push({ site, window });
    return `tx-anchor-${++this.#transactions}`;
  }
  async report(site: string, report: ExcursionReport): Promise<string> {
    if (this.failNextReport.delete(report.excursion.device))
      throw new Error(`FORBIDDEN: role device-gateway is required for ColdChain:RaiseExcursion`);
    if (this.refuse.has(site) || this.refuse.has(report.excursion.device))
      throw new LedgerRefusal('VALIDATION: excursion.peakTemperatureC: must be warmer than the storage limit');
    this.reports.push({ site, report });
    return `tx-excursion-${++this.#transactions}`;
  }
}

const SITES = new Map([
  ['G1001-FRZ-01', 'StationA'],
  ['G1001-FRZ-02', 'StationA'],
  ['G1001-TRK-07', 'StationA'],
  ['G2001-SKID-01', 'Factory'],
]);
const ledgerOf = (fake: RecordingLedger): IngestLedger => ({ anchorer: fake, reporter: fake, siteOf: SITES });

describe('anchoring windows by site and reporting excursions (real PostgreSQL, recording ledger fake)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let store: ReadingStore;
  const windowMs = 60_000;
  // Readings stored several windows ago, so that every window used here is closed now.
  const base = Math.floor(Date.now() / windowMs) * windowMs - 8 * windowMs;
  const reading = (device: string, second: number, value: number): Reading => ({
    device,
    node: 'temperature',
    sourceTime: new Date(base + second * 1000),
    value,
    statusCode: 0,
  });

  const insertIn = async (windowIndex: number, readings: Reading[]): Promise<void> => {
    const start = new Date(base + windowIndex * windowMs);
    const batch = readings.map((r) => ({ ...r, leafHash: leafHash(canonicalReading(r)) }));
    await store.insertReadings(batch, { start, end: new Date(start.getTime() + windowMs) });
  };
  const seal = (): Promise<void> =>
    new WindowSealer({
      store,
      windowMs,
      storageDevices: new Set(['G1001-FRZ-01', 'G1001-FRZ-02', 'G1001-TRK-07']),
      rule: async () => TEST_RULE,
    }).sealDue(Date.now());
  const scheduler = (fake: RecordingLedger, log: (m: string) => void = () => undefined): AnchorScheduler =>
    new AnchorScheduler({ store, ledger: ledgerOf(fake), log });
  const anchorTxIds = async (): Promise<string[][]> =>
    (
      await db.pool.query<{ device: string; anchor_tx_id: string | null }>(
        'SELECT device, anchor_tx_id FROM cold_chain_windows ORDER BY window_start, device',
      )
    ).rows.map((r) => [r.device, r.anchor_tx_id ?? '-']);

  /** Two windows of StationA's freezers and one of the factory's skid; G1001-FRZ-01 warms to -12 °C for a minute. */
  const storeTwoWindows = async (): Promise<void> => {
    await insertIn(0, [
      reading('G1001-FRZ-01', 1, -30),
      reading('G1001-FRZ-01', 2, -12),
      reading('G1001-FRZ-02', 1, -31),
      reading('G2001-SKID-01', 1, -3),
    ]);
    await insertIn(1, [reading('G1001-FRZ-01', 61, -30), reading('G1001-FRZ-02', 61, -31)]);
    await seal();
  };
  const excursionRows = async (): Promise<
    { device: string; reported_tx_id: string | null; report_refusal: string | null; severity: string }[]
  > =>
    (
      await db.pool.query<{ device: string; reported_tx_id: string | null; report_refusal: string | null; severity: string }>(
        'SELECT device, reported_tx_id, report_refusal, severity FROM cold_chain_excursions ORDER BY started_at, device',
      )
    ).rows;

  before(async () => {
    db = await createTestDatabase();
    store = new ReadingStore(db.pool);
  });

  beforeEach(async () => {
    await db.pool.query('TRUNCATE cold_chain_readings, cold_chain_windows, cold_chain_excursions');
  });

  after(async () => {
    await db?.drop();
  });

  it("anchors each site's devices of a window in one transaction of that site, oldest first; a failing site waits, the others go on", async () => {
    await storeTwoWindows();
    const ledger = new RecordingLedger();
    ledger.failNext.add('Factory');
    let failure = '';
    await scheduler(ledger)
      .runOnce()
      .catch((error: Error) => {
        failure = error.message;
      });
    expect(failure).to.equal('Factory: ledger unavailable');
    // StationA anchored both its windows; the factory's stays unanchored and is not lost.
    expect(await anchorTxIds()).to.deep.equal([
      ['G1001-FRZ-01', 'tx-anchor-1'],
      ['G1001-FRZ-02', 'tx-anchor-1'],
      ['G2001-SKID-01', '-'],
      ['G1001-FRZ-01', 'tx-anchor-2'],
      ['G1001-FRZ-02', 'tx-anchor-2'],
    ]);

    await scheduler(ledger).runOnce();
    await scheduler(ledger).runOnce();
    expect(
      ledger.anchored.map(({ site, window }) => [
        window.windowStart.getTime() - base,
        site,
        window.roots.map((r) => [r.device, r.leafCount]),
      ]),
    ).to.deep.equal([
      [
        0,
        'StationA',
        [
          ['G1001-FRZ-01', 2],
          ['G1001-FRZ-02', 1],
        ],
      ],
      [
        windowMs,
        'StationA',
        [
          ['G1001-FRZ-01', 1],
          ['G1001-FRZ-02', 1],
        ],
      ],
      [0, 'Factory', [['G2001-SKID-01', 1]]],
    ]);
    expect(await anchorTxIds()).to.deep.equal([
      ['G1001-FRZ-01', 'tx-anchor-1'],
      ['G1001-FRZ-02', 'tx-anchor-1'],
      ['G2001-SKID-01', 'tx-anchor-4'],
      ['G1001-FRZ-01', 'tx-anchor-2'],
      ['G1001-FRZ-02', 'tx-anchor-2'],
    ]);
  });

  it("reports the excursion once, as the device's site, although another site failed to anchor", async () => {
    await storeTwoWindows();
    const ledger = new RecordingLedger();
    ledger.failNext.add('Factory');
    await scheduler(ledger)
      .runOnce()
      .catch(() => undefined);
    await scheduler(ledger).runOnce();
    expect(ledger.reports.map(({ site, report }) => [site, report.excursion.device, report.excursion.peakValue])).to.deep.equal([
      ['StationA', 'G1001-FRZ-01', -12],
    ]);
    // StationA anchored its two windows (transactions 1 and 2) before the excursion was reported.
    expect(await excursionRows()).to.deep.equal([
      { device: 'G1001-FRZ-01', reported_tx_id: 'tx-excursion-3', report_refusal: null, severity: 'tolerated' },
    ]);
  });

  it('gives the ledger evidence it can check on its own', async () => {
    await storeTwoWindows();
    const ledger = new RecordingLedger();
    await scheduler(ledger).runOnce();
    const [{ site, report }] = ledger.reports as [{ site: string; report: ExcursionReport }];
    expect(site).to.equal('StationA');
    const { evidence } = report;
    expect(JSON.parse(evidence.canonicalReading)).to.include({ device: 'G1001-FRZ-01', value: -12 });
    const proof = { ...evidence.proof, steps: evidence.proof.steps.map((s) => ({ side: s.side, hash: Buffer.from(s.hash, 'hex') })) };
    expect(verifyInclusion(leafHash(Buffer.from(evidence.canonicalReading)), proof, evidence.root)).to.equal(true);
  });

  it('sends an ended excursion again after a passing failure (FORBIDDEN: a role put right on the ledger), not recording it as refused', async () => {
    await storeTwoWindows();
    const ledger = new RecordingLedger();
    ledger.failNextReport.add('G1001-FRZ-01');
    const failure = await scheduler(ledger)
      .runOnce()
      .then(
        () => undefined,
        (error: Error) => error.message,
      );
    expect(failure).to.match(/^FORBIDDEN: /);
    expect(await excursionRows()).to.deep.equal([
      { device: 'G1001-FRZ-01', reported_tx_id: null, report_refusal: null, severity: 'tolerated' },
    ]);
    await scheduler(ledger).runOnce();
    expect(ledger.reports.map(({ report: { excursion: e } }) => [e.device, e.endedAt?.getTime()])).to.deep.equal([
      ['G1001-FRZ-01', base + 61_000],
    ]);
    const [reported] = await excursionRows();
    expect(reported!.reported_tx_id).to.match(/^tx-excursion-\d+$/);
    expect(reported!.report_refusal).to.equal(null);
  });

  it("records as refused an excursion whose peak reading's window the ledger refused for good, once", async () => {
    await storeTwoWindows();
    const ledger = new RecordingLedger();
    ledger.refuseAnchors.add('StationA');
    const logged: string[] = [];
    await scheduler(ledger, (m) => logged.push(m)).runOnce();
    await scheduler(ledger, (m) => logged.push(m)).runOnce();
    expect(ledger.reports).to.have.length(0);
    const [excursion] = await excursionRows();
    expect(excursion).to.include({ device: 'G1001-FRZ-01', reported_tx_id: null });
    expect(excursion!.report_refusal).to.match(
      /^the window holding its peak reading was refused by the ledger: CONFLICT: the window of StationA starting /,
    );
    expect(logged.filter((m) => m.startsWith('excursion '))).to.have.length(1);
  });

  it('reports a running excursion, then again when it escalates and when it ends', async () => {
    const ledger = new RecordingLedger();
    await insertIn(2, [reading('G1001-FRZ-02', 121, -15)]);
    await seal();
    await scheduler(ledger).runOnce();
    await insertIn(3, [reading('G1001-FRZ-02', 181, -4), reading('G1001-FRZ-02', 182, -31)]);
    await seal();
    await scheduler(ledger).runOnce();
    await scheduler(ledger).runOnce();
    expect(ledger.reports.map(({ report: { excursion: e } }) => [e.severity, e.peakValue, e.endedAt?.getTime() ?? null])).to.deep.equal([
      ['tolerated', -15, null],
      ['violation', -4, base + 182_000],
    ]);
    expect(ledger.reports[1]!.report.evidence.windowStart.getTime()).to.equal(base + 3 * windowMs);
  });

  it("reports a reefer logger's excursion as its site, like a freezer's, and records a refusal instead of retrying it", async () => {
    await insertIn(4, [reading('G1001-TRK-07', 241, -10), reading('G1001-TRK-07', 242, -30), reading('G1001-FRZ-01', 241, -10)]);
    await seal();
    const ledger = new RecordingLedger();
    ledger.refuse.add('G1001-FRZ-01');
    const logged: string[] = [];
    await scheduler(ledger, (m) => logged.push(m)).runOnce();
    await scheduler(ledger, (m) => logged.push(m)).runOnce();
    expect(ledger.reports.map(({ site, report: { excursion: e } }) => [site, e.device, e.peakValue, e.endedAt?.getTime()])).to.deep.equal([
      ['StationA', 'G1001-TRK-07', -10, base + 242_000],
    ]);
    expect(logged.filter((m) => m.includes('refused'))).to.have.length(1);
    const { rows } = await db.pool.query<{ device: string; reported_tx_id: string | null; report_refusal: string | null }>(
      `SELECT device, reported_tx_id, report_refusal FROM cold_chain_excursions WHERE started_at = $1 ORDER BY device`,
      [new Date(base + 241_000)],
    );
    expect(rows.map((r) => [r.device, r.reported_tx_id?.slice(0, 13) ?? null, r.report_refusal?.slice(0, 11) ?? null])).to.deep.equal([
      ['G1001-FRZ-01', null, 'VALIDATION:'],
      ['G1001-TRK-07', 'tx-excursion-', null],
    ]);
  });

  it('records a window the ledger refuses for good (a device no site speaks for) and goes on with the next', async () => {
    await insertIn(5, [reading('G1009-FRZ-09', 301, -30), reading('G1001-FRZ-01', 301, -30)]);
    await seal();
    const ledger = new RecordingLedger();
    await scheduler(ledger).runOnce();
    await scheduler(ledger).runOnce();
    expect(ledger.anchored.map(({ site, window }) => [window.windowStart.getTime() - base, site])).to.deep.equal([
      [5 * windowMs, 'StationA'],
    ]);
    const { rows } = await db.pool.query<{ anchor_tx_id: string | null; anchor_refusal: string | null }>(
      'SELECT anchor_tx_id, anchor_refusal FROM cold_chain_windows WHERE device = $1',
      ['G1009-FRZ-09'],
    );
    expect(rows[0]!.anchor_tx_id).to.equal(null);
    expect(rows[0]!.anchor_refusal).to.match(/G1009-FRZ-09 are not in the configuration/);
  });

  it("records a window the site's ledger refuses for good (CONFLICT), and anchors the next one", async () => {
    await insertIn(6, [reading('G1001-FRZ-01', 361, -30)]);
    await seal();
    const ledger = new RecordingLedger();
    ledger.refuseAnchors.add('StationA');
    await scheduler(ledger).runOnce();
    ledger.refuseAnchors.clear();
    await insertIn(7, [reading('G1001-FRZ-01', 421, -30)]);
    await seal();
    await scheduler(ledger).runOnce();
    expect(ledger.anchored.map(({ window }) => window.windowStart.getTime() - base)).to.deep.equal([7 * windowMs]);
    const { rows } = await db.pool.query<{ window_start: Date; anchor_tx_id: string | null; anchor_refusal: string | null }>(
      'SELECT window_start, anchor_tx_id, anchor_refusal FROM cold_chain_windows WHERE window_start >= $1 ORDER BY window_start',
      [new Date(base + 6 * windowMs)],
    );
    expect(rows.map((r) => [r.anchor_tx_id === null, r.anchor_refusal?.slice(0, 9) ?? null])).to.deep.equal([
      [true, 'CONFLICT:'],
      [false, null],
    ]);
  });
});
