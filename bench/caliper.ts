// RecordDonation driven by Hyperledger Caliper 0.6 (its Fabric connector bound to fabric-gateway) instead of our own
// load generator, to set the figures of bench/record-donations.ts beside those of a tool others use: the same
// transaction and donation input, the stations' collectors, BENCH_TRANSACTIONS at BENCH_CONCURRENCY in flight (Caliper's
// fixed-load), BENCH_CALIPER_WORKERS workers (one per station by default). Installs Caliper into bench/caliper/.install
// when it is missing, generates its files from the topology (bench/caliper/configuration.ts), takes the idle baseline
// every bench takes (lib/measure.ts), runs Caliper's one round (no warm-up, no repeats), reads its report, and writes
// .data/bench/caliper.json (under PLASMA_DATA_DIR when set): Caliper's throughput and latency, the ratio to our own
// bench's last figures, and the CPU and context switches per transaction by process group (lib/proc.ts), with and
// without the load generator's own (Caliper's manager and workers).
import { spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadTopology, repoRoot } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import { networkStatus } from '@plasma/test-network';
import {
  benchmarkConfiguration,
  networkConfiguration,
  ROUND_LABEL,
  type Round,
  workDir,
  workerLatenciesFile,
  writePrivate,
  writeWorkerDonations,
} from './caliper/configuration';
import { CALIPER_BINDING, CALIPER_VERSION, caliperCli, installCaliper } from './caliper/install';
import { CaliperLog, plainLine } from './caliper/log';
import { readCaliperReport } from './caliper/report';
import {
  countReasons,
  describeReasons,
  describeRun,
  observeBefore,
  printBreakdown,
  readFigures,
  readNow,
  type RunFigures,
  writeFigures,
} from './lib/measure';
import { BENCH, cpuMsPerTxWithout, LOAD_GENERATOR, type Reading, usagePerTransaction } from './lib/proc';
import { countSetting } from './lib/settings';
import { percentile } from './lib/statistics';

const total = countSetting(process.env, 'BENCH_TRANSACTIONS', 2000);
const inFlight = countSetting(process.env, 'BENCH_CONCURRENCY', 64);

interface CaliperRun {
  readonly before: Reading;
  readonly after: Reading;
  /** Each failed transaction's reason as logged, as a count key. */
  readonly reasons: readonly string[];
}

/**
 * Runs Caliper's manager (which forks its workers), its log to a file, and reads the CPU as it starts and finishes the
 * round, so that neither its start-up nor its report counts. A failed transaction's reason is read from its log line.
 */
async function runCaliper(files: { network: string; benchmark: string; report: string; log: string }): Promise<CaliperRun> {
  const manager = spawn(
    process.execPath,
    [
      caliperCli,
      'launch',
      'manager',
      '--caliper-workspace',
      workDir,
      '--caliper-networkconfig',
      files.network,
      '--caliper-benchconfig',
      files.benchmark,
      '--caliper-report-path',
      files.report,
      '--caliper-flow-only-test',
    ],
    { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = createWriteStream(files.log, { mode: 0o600 });
  const caliperLog = new CaliperLog();
  let before: Reading | undefined;
  let after: Reading | undefined;
  const read = (line: string): void => {
    log.write(`${line}\n`);
    const plain = plainLine(line);
    const mark = caliperLog.read(plain);
    if (mark === 'started') {
      before = readNow();
      console.log(`  caliper: round started`);
    } else if (mark === 'finished') {
      after = readNow();
      console.log(`  caliper: ${plain.slice(plain.indexOf('Finished'))}`);
    }
  };
  createInterface({ input: manager.stdout }).on('line', read);
  createInterface({ input: manager.stderr }).on('line', read);
  const code = await new Promise<number | null>((resolve) => manager.on('close', resolve));
  caliperLog.end();
  await new Promise((resolve) => log.end(resolve));
  if (code !== 0) throw new Error(`Caliper exited with ${code ?? 'a signal'}; its log: ${path.relative(repoRoot, files.log)}`);
  if (before === undefined || after === undefined) {
    throw new Error(`Caliper ran no round to its end; its log: ${path.relative(repoRoot, files.log)}`);
  }
  return { before, after, reasons: caliperLog.reasons };
}

async function main(): Promise<void> {
  if (process.env.BENCH_RATE !== undefined && process.env.BENCH_RATE !== '') {
    throw new Error('the Caliper bench keeps BENCH_CONCURRENCY in flight (Caliper’s fixed-load); BENCH_RATE is not for it');
  }
  const topology = loadTopology();
  const stations = topology.organisations.filter((o) => o.kind === 'station');
  const workers = countSetting(process.env, 'BENCH_CALIPER_WORKERS', stations.length);
  const round: Round = { workers, transactionsPerWorker: Math.max(1, Math.floor(total / workers)), inFlight };

  installCaliper((m) => console.log(`  ${m}`));
  const down = (await networkStatus(topology)).filter((n) => ['orderer', 'peer', 'chaincode'].includes(n.kind) && !n.healthy);
  if (down.length > 0) {
    throw new Error(`the network is not running (${down.map((n) => n.name).join(', ')} not healthy: npm run status)`);
  }

  const files = {
    network: path.join(workDir, 'network.json'),
    benchmark: path.join(workDir, 'benchmark.json'),
    report: path.join(workDir, 'report.html'),
    log: path.join(workDir, 'caliper.log'),
  };
  // A previous run's workers' files and report, which this run's must not be mistaken for.
  if (existsSync(workDir)) {
    for (const file of readdirSync(workDir).filter((f) => /^worker-\d+\./.test(f))) rmSync(path.join(workDir, file));
  }
  rmSync(files.report, { force: true });
  writePrivate(files.network, `${JSON.stringify(networkConfiguration(topology, stations), null, 2)}\n`);
  writePrivate(files.benchmark, `${JSON.stringify(benchmarkConfiguration(round), null, 2)}\n`);
  const { firstSequence } = writeWorkerDonations(topology, stations, round);

  console.log(
    `RecordDonation through Caliper ${CALIPER_VERSION} (${CALIPER_BINDING}), ${topology.ordering} ordering: ` +
      `${workers * round.transactionsPerWorker} transactions, ${inFlight} in flight (fixed-load) across ${workers} workers`,
  );
  const prepared = await observeBefore();
  const { before, after, reasons } = await runCaliper(files);
  chmodSync(files.report, 0o600);
  const summary = readCaliperReport(files.report, ROUND_LABEL);
  const failuresByReason = countReasons(reasons);
  if (summary.succeeded === 0) {
    throw new Error(`Caliper committed no transaction, ${summary.failed} failed: ${describeReasons(failuresByReason) || 'see its log'}`);
  }

  // Committed transactions per second: Caliper's throughput counts the failed ones too, over the same time.
  const finished = summary.succeeded + summary.failed;
  const txPerSecond = finished === 0 ? 0 : (summary.throughputPerSecond * summary.succeeded) / finished;
  const latencies = Array.from({ length: workers }, (_, worker) => workerLatenciesFile(worker))
    .filter((file) => existsSync(file))
    .flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { latenciesMs: number[] }).latenciesMs)
    .sort((a, b) => a - b);
  const percentiles = latencies.length > 0;
  const usage = usagePerTransaction(before, after, summary.succeeded);
  // The load generator's share: Caliper's processes, and this process, which only reads their log meanwhile.
  const cpuMsPerTxExcludingLoadGenerator = cpuMsPerTxWithout(before, after, summary.succeeded, [LOAD_GENERATOR, BENCH]);
  // The round's figures as every bench's run gives them (lib/measure.ts), from Caliper's report and its own timings.
  const run: RunFigures = {
    committed: summary.succeeded,
    seconds: finished / summary.throughputPerSecond,
    txPerSecond,
    bagsPerSecond: txPerSecond,
    p50Ms: percentiles ? percentile(latencies, 0.5) : summary.avgLatencyMs,
    p95Ms: percentiles ? percentile(latencies, 0.95) : NaN,
    p99Ms: percentiles ? percentile(latencies, 0.99) : NaN,
    cpuMsPerTx: usage.cpuMsPerTx,
    cpuMsPerBag: usage.cpuMsPerTx,
    cpuMsPerTxByGroup: usage.cpuMsPerTxByGroup,
    contextSwitchesPerTx: usage.contextSwitchesPerTx,
    contextSwitchesPerTxByGroup: usage.contextSwitchesPerTxByGroup,
    failures: summary.failed,
    failuresByReason,
  };
  const { cpuMsPerTx } = run;
  const own = readFigures('record-donations'); // our own bench's last figures
  const ownExcludingBench = own === undefined ? undefined : Number(own.cpuMsPerTx) - Number(own.cpuMsPerTxByGroup?.[BENCH] ?? 0);
  const ratioToOwnBench = own === undefined ? null : txPerSecond / Number(own.txPerSecond);

  const ms = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '-' : `${value.toFixed(0)} ms`);
  console.log(`  ${summary.succeeded} committed, ${summary.failed} failed`);
  console.log(
    `  Caliper's report: throughput ${summary.throughputPerSecond.toFixed(1)} tx/s (failures included), send rate ` +
      `${summary.sendRatePerSecond.toFixed(1)} tx/s, latency avg ${ms(summary.avgLatencyMs)}, min ${ms(summary.minLatencyMs)}, max ${ms(summary.maxLatencyMs)}`,
  );
  if (!percentiles) console.log(`  no per-transaction latencies from the workers: p50 below is Caliper's average`);
  console.log(`  round (latencies from Caliper's own timings per transaction): ${describeRun(run, 1)}`);
  printBreakdown(run, '    ');
  const column = (text: string): string => text.padEnd(22);
  console.log(
    `  ${column('')}${column('Caliper')}record-donations${own ? ` (${String(own.measuredAt)}, ${String(own.inFlight)} in flight)` : ': not run on this host'}`,
  );
  console.log(`  ${column('committed tx/s')}${column(txPerSecond.toFixed(1))}${own ? Number(own.txPerSecond).toFixed(1) : '-'}`);
  console.log(`  ${column('CPU ms/tx')}${column(cpuMsPerTx.toFixed(1))}${own ? Number(own.cpuMsPerTx).toFixed(1) : '-'}`);
  console.log(
    `  ${column('  without load gen.')}${column(cpuMsPerTxExcludingLoadGenerator.toFixed(1))}${ownExcludingBench === undefined ? '-' : ownExcludingBench.toFixed(1)}`,
  );
  if (ratioToOwnBench !== null) console.log(`  Caliper's committed tx/s over our bench's: ${ratioToOwnBench.toFixed(2)}`);
  console.log(`  Caliper's log and report: ${path.relative(repoRoot, workDir)}/`);

  writeFigures('caliper', {
    caliper: CALIPER_VERSION,
    binding: CALIPER_BINDING,
    ordering: topology.ordering,
    ...prepared,
    workers,
    inFlight,
    transactions: workers * round.transactionsPerWorker,
    firstDinSequence: firstSequence,
    ...run,
    caliperThroughputPerSecond: summary.throughputPerSecond,
    caliperSendRatePerSecond: summary.sendRatePerSecond,
    // Percentiles from Caliper's own per-transaction times (kept by the workload module); without them, its average.
    // (JSON writes the NaN of an absent p95Ms or p99Ms as null.)
    latencyFrom: percentiles ? 'percentiles of Caliper’s per-transaction times' : 'Caliper’s average: p50Ms is the average, no p95',
    caliperAvgMs: summary.avgLatencyMs,
    caliperMaxMs: summary.maxLatencyMs,
    cpuMsPerTxExcludingLoadGenerator,
    ratioToOwnBench,
    ownBench:
      own === undefined
        ? null
        : {
            measuredAt: own.measuredAt,
            inFlight: own.inFlight,
            txPerSecond: own.txPerSecond,
            cpuMsPerTx: own.cpuMsPerTx,
            cpuMsPerTxExcludingBench: ownExcludingBench,
          },
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
