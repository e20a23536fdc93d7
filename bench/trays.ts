// Trays of scans (issue 15): Donation:RecordDonations with 1 to 100 bags a transaction, straight to the peers from the
// stations' collectors on the running network. After one idle baseline and one warm-up (BENCH_WARMUP trays of the
// smallest size), for each tray size the repeats and their median as lib/measure.ts measures them: bags/s,
// transactions/s, commit latency p50/p95/p99, the whole machine's CPU per transaction and per bag and its context
// switches, split by process group, failures by reason; then the fit cost = fixed + per-bag × N over the sizes' medians.
// Prints the figures and writes them to .data/bench/trays.json. BENCH_TRAY_SIZES (e.g. "1,10,100"), BENCH_TRAY_BAGS
// (bags per size and repeat, default 2,000), BENCH_CONCURRENCY (trays in flight, default 16) or BENCH_RATE (trays a
// second), BENCH_WARMUP and BENCH_REPEATS change the run.
import { loadTopology } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import { benchFigures, describeRun, measureRepeats, type Measured, prepare, printBreakdown, writeFigures } from './lib/measure';
import { donationLoad } from './lib/donation-load';
import { describeLoad } from './lib/schedule';
import { benchSettings, countSetting } from './lib/settings';

const sizes = (process.env.BENCH_TRAY_SIZES ?? '1,10,25,50,100').split(',').map(Number);
const bagsPerSize = countSetting(process.env, 'BENCH_TRAY_BAGS', 2000);
const settings = benchSettings(process.env, { inFlight: 16, warmup: 100 });

interface SizeFigures extends Measured {
  readonly bagsPerTransaction: number;
}

/** Least squares of CPU-ms per transaction against bags per transaction: cost = fixed + perBag × N. */
function fit(figures: readonly SizeFigures[]): { fixedMs: number; perBagMs: number } {
  const points = figures
    .filter((f) => Number.isFinite(f.median.cpuMsPerTx))
    .map((f) => [f.bagsPerTransaction, f.median.cpuMsPerTx] as const);
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const slope = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0) / points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  return { fixedMs: meanY - slope * meanX, perBagMs: slope };
}

async function main(): Promise<void> {
  const topology = loadTopology();
  const { recordTray: sendTray, close } = donationLoad(topology);

  console.log(
    `Trays (Donation:RecordDonations), ${describeLoad(settings.load)}, ${settings.repeats} repeats of about ${bagsPerSize} bags per size, ` +
      `after a warm-up of ${settings.warmup} trays of ${Math.min(...sizes)}`,
  );
  const prepared = await prepare(settings, sendTray(Math.min(...sizes)));
  const figures: SizeFigures[] = [];
  for (const size of sizes) {
    console.log(`  ${size} bags/tx:`);
    const measured = await measureRepeats({
      settings,
      transactions: Math.max(1, Math.round(bagsPerSize / size)),
      bagsPerTransaction: size,
      send: sendTray(size),
      indent: '    ',
    });
    figures.push({ bagsPerTransaction: size, ...measured });
    console.log(`    median: ${describeRun(measured.median, size)}`);
    printBreakdown(measured.median, '      ');
  }
  close();

  const cost = fit(figures);
  console.log(
    `  CPU per transaction ≈ ${cost.fixedMs.toFixed(1)} ms + ${cost.perBagMs.toFixed(2)} ms × bags (least squares over the sizes' medians)`,
  );
  const best = figures.reduce((a, b) => (b.median.bagsPerSecond > a.median.bagsPerSecond ? b : a));
  writeFigures('trays', {
    // The top-level figures are the size with the most bags a second; failuresInAllRepeats counts every size.
    ...benchFigures(settings, prepared, best),
    bagsPerTransaction: best.bagsPerTransaction,
    failuresInAllRepeats: figures.reduce((sum, f) => sum + f.repeats.reduce((s, r) => s + r.failures, 0), 0),
    cost,
    sizes: figures.map((f) => ({
      bagsPerTransaction: f.bagsPerTransaction,
      transactions: f.median.committed,
      ...f.median,
      repeats: f.repeats,
    })),
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
