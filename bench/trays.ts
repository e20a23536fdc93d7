// Trays of scans (issue 15): Donation:RecordDonations with 1 to 100 bags a transaction, straight to the peers from the
// stations' collectors on the running network. For each tray size: bags/s, transactions/s, commit latency p50/p95/p99,
// failures by reason, and the whole machine's CPU per transaction and per bag (from /proc/stat, kernel time included,
// so the bench's own share is in it); then the fit cost = fixed + per-bag × N over the sizes. Prints the figures and
// writes them to .data/bench/trays.json. BENCH_TRAY_SIZES (e.g. "1,10,100"), BENCH_TRAY_BAGS (bags per size,
// default 2,000) and BENCH_CONCURRENCY (trays in flight, default 16) change the run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology, repoRoot } from '@plasma/network';
import { errorMessage, ledgerErrorMessage, openSession } from '@plasma/platform';
import { donation, newDin } from '@plasma/testkit';

const sizes = (process.env.BENCH_TRAY_SIZES ?? '1,10,25,50,100').split(',').map(Number);
const bagsPerSize = Number(process.env.BENCH_TRAY_BAGS ?? 2000);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 16);

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** CPU time the whole machine spent busy (every state but idle and iowait), in ms, from /proc/stat. */
function busyCpuMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  const hz = 100; // USER_HZ on Linux
  return ((user + nice + system + irq + softirq + steal) * 1000) / hz;
}

/** A refusal's reason, as a count key: the chaincode's own message when it refused, without the bag or DIN that vary. */
const reasonOf = (error: unknown): string =>
  ledgerErrorMessage(error)
    .replace(/\b[A-Z]\d{4}\d{2}\d{6}[0-9A-Z*]?\b/g, '<din>')
    .replace(/donations\[\d+\]/g, 'donations[i]')
    .slice(0, 160);

interface SizeFigures {
  readonly bagsPerTransaction: number;
  readonly transactions: number;
  readonly txPerSecond: number;
  readonly bagsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerTx: number;
  readonly cpuMsPerBag: number;
  readonly failures: Readonly<Record<string, number>>;
}

async function runSize(size: number): Promise<SizeFigures> {
  const topology = loadTopology();
  const stations = topology.organisations.filter((o) => o.kind === 'station');
  const sessions = stations.map((s) => ({ facility: s.facilities[0]!, session: openSession(topology, s.name, 'collector1') }));
  const trays = Math.max(1, Math.round(bagsPerSize / size));
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < trays) {
      const i = next++;
      const { facility, session } = sessions[i % sessions.length]!;
      const tray = Array.from({ length: size }, () => donation(newDin(facility)));
      const began = performance.now();
      try {
        const submitted = await session.contract('Donation').submitAsync('RecordDonations', { arguments: [JSON.stringify(tray)] });
        const status = await submitted.getStatus();
        if (status.successful) latencies.push(performance.now() - began);
        else failures[`invalid: ${status.code}`] = (failures[`invalid: ${status.code}`] ?? 0) + 1;
      } catch (error) {
        const reason = reasonOf(error);
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
  };
  const cpuBefore = busyCpuMs();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, trays) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = busyCpuMs() - cpuBefore;
  sessions.forEach((s) => s.session.close());
  const sorted = [...latencies].sort((a, b) => a - b);
  const committed = latencies.length;
  return {
    bagsPerTransaction: size,
    transactions: committed,
    txPerSecond: committed / seconds,
    bagsPerSecond: (committed * size) / seconds,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    cpuMsPerTx: committed === 0 ? NaN : cpuMs / committed,
    cpuMsPerBag: committed === 0 ? NaN : cpuMs / (committed * size),
    failures,
  };
}

/** Least squares of CPU-ms per transaction against bags per transaction: cost = fixed + perBag × N. */
function fit(figures: readonly SizeFigures[]): { fixedMs: number; perBagMs: number } {
  const points = figures.filter((f) => Number.isFinite(f.cpuMsPerTx)).map((f) => [f.bagsPerTransaction, f.cpuMsPerTx] as const);
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const slope = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0) / points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  return { fixedMs: meanY - slope * meanX, perBagMs: slope };
}

async function main(): Promise<void> {
  const [load1, load5] = os.loadavg();
  console.log(`Trays (Donation:RecordDonations), ${inFlight} trays in flight, about ${bagsPerSize} bags per size`);
  console.log(`  load average before the run: ${load1!.toFixed(2)} (1 min), ${load5!.toFixed(2)} (5 min)`);
  // Warm-up: the chaincode servers and the sessions' connections, not counted.
  await runSize(Math.min(...sizes));
  const figures: SizeFigures[] = [];
  for (const size of sizes) {
    const f = await runSize(size);
    figures.push(f);
    const failed = Object.entries(f.failures).map(([why, count]) => `${count} × ${why}`);
    console.log(
      `  ${String(size).padStart(3)} bags/tx: ${f.bagsPerSecond.toFixed(0).padStart(5)} bags/s, ${f.txPerSecond.toFixed(1)} tx/s, ` +
        `p50 ${f.p50Ms.toFixed(0)} ms, p95 ${f.p95Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms, ` +
        `CPU ${f.cpuMsPerTx.toFixed(1)} ms/tx (${f.cpuMsPerBag.toFixed(2)} ms/bag)` +
        (failed.length > 0 ? `; failed: ${failed.join('; ')}` : ''),
    );
  }
  const cost = fit(figures);
  console.log(
    `  CPU per transaction ≈ ${cost.fixedMs.toFixed(1)} ms + ${cost.perBagMs.toFixed(2)} ms × bags (least squares over the sizes)`,
  );
  const out = path.join(repoRoot, '.data', 'bench');
  mkdirSync(out, { recursive: true });
  const best = figures.reduce((a, b) => (b.bagsPerSecond > a.bagsPerSecond ? b : a));
  writeFileSync(
    path.join(out, 'trays.json'),
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        loadAverageBefore: [load1, load5],
        inFlight,
        txPerSecond: best.txPerSecond,
        bagsPerSecond: best.bagsPerSecond,
        p50Ms: best.p50Ms,
        p95Ms: best.p95Ms,
        cpuMsPerTx: best.cpuMsPerTx,
        failures: figures.reduce((sum, f) => sum + Object.values(f.failures).reduce((a, b) => a + b, 0), 0),
        cost,
        sizes: figures,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
