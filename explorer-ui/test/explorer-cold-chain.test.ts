// The cold chain in Chromium against the running network: the devices the ingest reads, and a freezer's temperature
// curve over the last hour, drawn from the readings the ingest stored, with the storage limit of its jurisdiction and
// every excursion of the window marked on it and listed beneath. An excursion the ledger refused is shown with the refusal, on a scratch database of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createPool } from '@plasma/platform';
import { freshDatabase } from '@plasma/testkit/gateway';
import { type Reading, readingLeafHash, ReadingStore, WindowSealer } from '@plasma/cold-chain';
import { seedScratchPeople } from './support/demo-people';
import { openExplorer, type ExplorerSession } from './support/explorer-session';

const FREEZER = 'G1001-FRZ-01';

describe('explorer cold chain in Chromium', function () {
  let explorer: ExplorerSession;

  before(async function () {
    explorer = await openExplorer();
  });
  after(async function () {
    await explorer?.close();
  });

  it("draws a freezer's temperature curve with its storage limit, and marks each excursion of the window", async function () {
    // At the station's own explorer: its ingest keeps its freezers' readings in its own database.
    const page = await explorer.signIn('StationA', 'stationqa1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Cold chain' }).click();
    await page.getByTestId('devices').getByRole('link', { name: FREEZER }).click();
    await page.waitForURL(`**/cold-chain/${FREEZER}`);

    // The ingest samples every second: the last hour has readings, drawn as ranges with the mean through them.
    const chart = page.getByTestId('temperature-chart');
    await chart.locator('rect.range').first().waitFor({ timeout: 30_000 });
    expect(await chart.locator('rect.range').count()).to.be.greaterThan(0);
    expect(await chart.locator('path.mean').count()).to.be.greaterThan(0);

    const limitFact = await page.locator('.facts div', { hasText: 'Storage limit' }).locator('dd').innerText();
    if (limitFact === 'none') {
      expect(await chart.getByTestId('limit-line').count()).to.equal(0);
    } else {
      const limit = Number(/≤ (-?\d+(?:\.\d+)?) °C/.exec(limitFact)?.[1]);
      expect(await chart.getByTestId('limit-line').textContent()).to.equal(`storage limit ${limit.toFixed(1)} °C`);
    }
    const rows = await page.getByTestId('excursion').count();
    expect(await chart.getByTestId('excursion-mark').count()).to.equal(rows);

    // Another window is drawn anew from its own buckets.
    await page.getByRole('button', { name: '24 h' }).click();
    expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).to.equal('true');
    await chart.locator('rect.range').first().waitFor();
    await page.close();
  });
});

describe('explorer cold chain: an excursion the ledger refused (scratch database)', function () {
  const WINDOW_MS = 60_000;
  const REFUSAL = "VALIDATION: excursion.evidence.proof: must lead from the reading's leaf to the anchored root";
  let explorer: ExplorerSession | undefined;
  let drop: (() => Promise<void>) | undefined;

  before(async function () {
    const database = await freshDatabase();
    const { url } = database;
    const peopleDir = mkdtempSync(path.join(tmpdir(), 'explorer-people-'));
    drop = async () => {
      await database.drop();
      rmSync(peopleDir, { recursive: true, force: true });
    };
    const people = await seedScratchPeople(url, peopleDir);
    // Two closed windows of the freezer ten minutes ago, a warm spell in the first: stored and sealed as the ingest
    // does, then refused by the ledger as the ingest records it.
    const pool = createPool(url, 2);
    try {
      const store = new ReadingStore(pool);
      const base = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - 10 * WINDOW_MS;
      const reading = (second: number, value: number): Reading => ({
        device: FREEZER,
        node: 'temperature',
        sourceTime: new Date(base + second * 1000),
        statusCode: 0,
        value,
      });
      for (const [window, readings] of [
        [0, [reading(1, -30), reading(2, -12)]],
        [1, [reading(61, -30)]],
      ] as const) {
        const start = new Date(base + window * WINDOW_MS);
        await store.insertReadings(
          readings.map((r) => ({ ...r, leafHash: readingLeafHash(r) })),
          { start, end: new Date(start.getTime() + WINDOW_MS) },
        );
      }
      const rule = { storageLimitC: -20, toleranceLimitC: -5, toleranceHours: 72, source: 'RuleSet CN v1 (test)' };
      await new WindowSealer({ store, windowMs: WINDOW_MS, storageDevices: new Set([FREEZER]), rule: async () => rule }).sealDue(
        Date.now(),
      );
      await store.recordAnchor(new Date(base), [FREEZER], 'a'.repeat(64));
      const [excursion] = await store.unreportedExcursions([FREEZER]);
      if (excursion === undefined) throw new Error('the scratch readings made no excursion');
      await store.recordExcursionRefusal(excursion, REFUSAL);
    } finally {
      await pool.end();
    }
    explorer = await openExplorer({ databaseUrl: url, people });
  });
  after(async function () {
    await explorer?.close();
    await drop?.();
  });

  it('shows the refusal as a stop badge instead of "not reported yet"', async function () {
    const page = await explorer!.signIn('Regulator', 'inspector1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Cold chain' }).click();
    await page.getByTestId('devices').getByRole('link', { name: FREEZER }).click();
    await page.waitForURL(`**/cold-chain/${FREEZER}`);
    const ledger = page.getByTestId('excursion').getByTestId('excursion-ledger');
    await ledger.first().waitFor();
    expect(await ledger.count()).to.equal(1);
    const badge = ledger.locator('.badge');
    expect(await badge.innerText()).to.equal(`refused by the ledger: ${REFUSAL}`);
    expect(await badge.getAttribute('class')).to.equal('badge stop');
    expect(await ledger.innerText()).not.to.contain('not reported yet');
    await page.close();
  });
});
