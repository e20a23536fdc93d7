// Trays of scans (issue 15): Donation:RecordDonations with 1 to 100 bags a transaction, straight to the peers from the
// stations' collectors on the running network. For each tray size: bags/s, transactions/s, commit latency p50/p95/p99,
// failures by reason, and the whole machine's CPU per transaction and per bag (from /proc/stat, kernel time included,
// so the bench's own share is in it), split by process group; then the fit cost = fixed + per-bag × N over the sizes.
// Prints the figures and writes them to .data/bench/trays.json. BENCH_TRAY_SIZES (e.g. "1,10,100"), BENCH_TRAY_BAGS
// (bags per size, default 2,000) and BENCH_CONCURRENCY (trays in flight, default 16) change the run.
import { loadTopology } from '@plasma/network';
import { errorMessage, openSession } from '@plasma/platform';
import { donation, newDin } from '@plasma/testkit';
import { cpuBreakdown, cpuReading, Failures, failureReason, loadBefore, percentile, writeFigures } from './lib/measure';

const sizes = (process.env.BENCH_TRAY_SIZES ?? '1,10,25,50,100').split(',').map(Number);
const bagsPerSize = Number(process.env.BENCH_TRAY_BAGS ?? 2000);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 16);

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
  /** Per transaction, by process group, and what no process accounts for. */
  readonly cpuMsPerTxByGroup: Readonly<Record<string, number>>;
  readonly failures: Readonly<Record<string, number>>;
}

async function runSize(size: number): Promise<SizeFigures> {
  const topology = loadTopology();
  const stations = topology.organisations.filter((o) => o.kind === 'station');
  const sessions = stations.map((s) => ({ facility: s.facilities[0]!, session: openSession(topology, s.name, 'collector1') }));
  const trays = Math.max(1, Math.round(bagsPerSize / size));
  const latencies: number[] = [];
  const failures = new Failures();
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
        else failures.add(`invalid: ${status.code}`);
      } catch (error) {
        failures.add(failureReason(error));
      }
    }
  };
  const cpuBefore = cpuReading();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, trays) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuReading();
  const cpuMs = cpuAfter.busy - cpuBefore.busy;
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
    cpuMsPerTxByGroup: committed === 0 ? {} : cpuBreakdown(cpuBefore, cpuAfter, committed),
    failures: failures.byReason,
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
  const [load1, load5] = loadBefore();
  console.log(`Trays (Donation:RecordDonations), ${inFlight} trays in flight, about ${bagsPerSize} bags per size`);
  console.log(`  load average before the run: ${load1.toFixed(2)} (1 min), ${load5.toFixed(2)} (5 min)`);
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
    const groups = Object.entries(f.cpuMsPerTxByGroup).map(([group, ms]) => `${group} ${ms.toFixed(1)}`);
    console.log(`      CPU ms/tx by group: ${groups.join(', ')}`);
  }
  const cost = fit(figures);
  console.log(
    `  CPU per transaction ≈ ${cost.fixedMs.toFixed(1)} ms + ${cost.perBagMs.toFixed(2)} ms × bags (least squares over the sizes)`,
  );
  const best = figures.reduce((a, b) => (b.bagsPerSecond > a.bagsPerSecond ? b : a));
  writeFigures('trays', {
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
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
