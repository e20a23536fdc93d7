// RecordDonation throughput and end-to-end commit latency from stations' collectors on the running network, measured
// as every throughput bench is (lib/measure.ts: idle baseline, warm-up, repeats and their median, CPU and context
// switches by process group, failures by reason), and the resident memory of every process of the system; the figures
// also go to .data/bench/record-donations.json. BENCH_TRANSACTIONS, BENCH_CONCURRENCY or BENCH_RATE, BENCH_WARMUP and
// BENCH_REPEATS tune the run; BENCH_CONCURRENCY=4 with PLASMA_TOPOLOGY=network/topology-bft.yaml
// PLASMA_DATA_DIR=.data-bft compares BFT ordering with Raft.
import { readFileSync } from 'node:fs';
import { loadTopology } from '@plasma/network';
import { networkStatus } from '@plasma/test-network';
import { errorMessage } from '@plasma/platform';
import { runMeasured, writeFigures } from './lib/measure';
import { donationLoad } from './lib/donation-load';
import { benchSettings, countSetting } from './lib/settings';

const transactions = countSetting(process.env, 'BENCH_TRANSACTIONS', 2000);
const settings = benchSettings(process.env, { inFlight: 64, warmup: 100 });

function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  const topology = loadTopology();
  const { recordDonation: send, close } = donationLoad(topology);

  const { figures } = await runMeasured({
    title: `RecordDonation, ${topology.ordering} ordering`,
    settings,
    transactions,
    send,
  });
  close();

  const nodes = (await networkStatus(topology)).filter((n) => n.pid !== null);
  const memory = nodes.reduce((sum, n) => sum + residentMegabytes(n.pid!), 0);
  console.log(`network resident memory: ${memory.toFixed(0)} MiB across ${nodes.length} processes`);
  writeFigures('record-donations', { ordering: topology.ordering, ...figures, residentMiB: memory });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
