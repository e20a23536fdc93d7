// RecordDonation throughput and end-to-end commit latency from stations' collectors on the running
// network, failures by reason, the whole machine's CPU per transaction, and the resident memory of every process of the
// system; the figures also go to .data/bench/record-donations.json. BENCH_CONCURRENCY=4 with
// PLASMA_TOPOLOGY=network/topology-bft.yaml PLASMA_DATA_DIR=.data-bft compares BFT ordering with Raft.
import { readFileSync } from 'node:fs';
import { loadTopology } from '@plasma/network';
import { networkStatus } from '@plasma/test-network';
import { errorMessage, openSession } from '@plasma/platform';
import { donation, newDin } from '@plasma/testkit';
import { cpuBreakdown, cpuReading, Failures, failureReason, loadBefore, percentile, writeFigures } from './lib/measure';

const total = Number(process.env.BENCH_TRANSACTIONS ?? 2000);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 64);

function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  const topology = loadTopology();

  const stations = topology.organisations.filter((o) => o.kind === 'station');
  const sessions = stations.map((s) => ({ facility: s.facilities[0]!, session: openSession(topology, s.name, 'collector1') }));
  const latencies: number[] = [];
  const failures = new Failures();
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const { facility, session } = sessions[i % sessions.length]!;
      const began = performance.now();
      try {
        const submitted = await session
          .contract('Donation')
          .submitAsync('RecordDonation', { arguments: [JSON.stringify(donation(newDin(facility)))] });
        const status = await submitted.getStatus();
        if (status.successful) latencies.push(performance.now() - began);
        else failures.add(`invalid: ${status.code}`);
      } catch (error) {
        failures.add(failureReason(error));
      }
    }
  };

  const load = loadBefore();
  const cpuBefore = cpuReading();
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuReading();
  const cpuMsPerTx = (cpuAfter.busy - cpuBefore.busy) / latencies.length;
  const breakdown = cpuBreakdown(cpuBefore, cpuAfter, latencies.length);
  sessions.forEach((s) => s.session.close());

  const sorted = [...latencies].sort((a, b) => a - b);
  const nodes = await networkStatus(topology);
  const memory = nodes.filter((n) => n.pid !== null).reduce((sum, n) => sum + residentMegabytes(n.pid!), 0);
  const txPerSecond = latencies.length / seconds;
  console.log(
    `RecordDonation, ${topology.ordering} ordering: ${latencies.length} committed, ${failures.count} failed, ${inFlight} in flight`,
  );
  console.log(`  load average before the run: ${load[0].toFixed(2)} (1 min), ${load[1].toFixed(2)} (5 min)`);
  console.log(`  throughput ${txPerSecond.toFixed(1)} tx/s over ${seconds.toFixed(1)} s`);
  console.log(
    `  commit latency p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms`,
  );
  console.log(`  whole-machine CPU ${cpuMsPerTx.toFixed(1)} ms per committed transaction:`);
  for (const [group, ms] of Object.entries(breakdown)) console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${group}`);
  if (failures.count > 0) console.log(`  failed: ${failures.toString()}`);
  console.log(`network resident memory: ${memory.toFixed(0)} MiB across ${nodes.filter((n) => n.pid !== null).length} processes`);
  writeFigures('record-donations', {
    ordering: topology.ordering,
    loadAverageBefore: load,
    inFlight,
    txPerSecond,
    bagsPerSecond: txPerSecond,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    cpuMsPerTx,
    cpuMsPerTxByGroup: breakdown,
    failures: failures.count,
    failuresByReason: failures.byReason,
    residentMiB: memory,
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
