// Interleaved A/B runs of the processes' settings (issue 15, "lean paths"): the same RecordDonation load as
// record-donations.ts against the chaincode servers (and, for a variant that sets theirs, the peers and orderers)
// restarted with each variant in turn, round after round (the order rotated each round, so no variant always runs first
// after a restart), then each variant's median. A setting is kept only if it shows here. BENCH_TRANSACTIONS (per run),
// BENCH_CONCURRENCY or BENCH_RATE, BENCH_WARMUP (after each restart) and BENCH_REPEATS (rounds) tune it;
// BENCH_VARIANTS=0,2 picks variants by index. Every process is left as deployed.
import { loadTopology, type Topology } from '@plasma/network';
import { errorMessage, start, stop, waitFor } from '@plasma/platform';
import { networkStatus, ordererLaunch, peerLaunch, readDeployment, startChaincodeServers } from '@plasma/test-network';
import { donationLoad } from './lib/donation-load';
import {
  describeRun,
  lowerLoadPriority,
  measureRepeats,
  observeBefore,
  restoreLoadPriority,
  writeFigures,
  type RunFigures,
} from './lib/measure';
import { drive } from './lib/schedule';
import { benchSettings, chosenVariants, countSetting } from './lib/settings';
import { medianFigures } from './lib/statistics';

type Env = Readonly<Record<string, string>>;

interface Variant {
  readonly name: string;
  /** Added to the chaincode servers' environment. */
  readonly env: Env;
  /** Added to the peers' and orderers' environment (Go runtime settings). */
  readonly fabricEnv?: Env;
  /** The bench's own process and the cold chain's at nice 10 (lowerLoadPriority), leaving the CPU to the network first. */
  readonly loadYields?: boolean;
}

const VARIANTS: readonly Variant[] = [
  { name: 'as deployed', env: {} },
  { name: 'registry and rule sets parsed by every transaction', env: { PLASMA_CHAINCODE_PARSE_ONCE: 'off' } },
  { name: "fabric-shim's debug entries formatted before they are dropped", env: { PLASMA_CHAINCODE_DROP_DEBUG_EARLY: 'off' } },
  { name: 'young generation of 64 MiB (--max-semi-space-size=64)', env: { NODE_OPTIONS: '--max-semi-space-size=64' } },
  { name: 'peers and orderers on one Go thread each (GOMAXPROCS=1)', env: {}, fabricEnv: { GOMAXPROCS: '1' } },
  { name: "peers and orderers collecting garbage at twice Go's heap growth (GOGC=200)", env: {}, fabricEnv: { GOGC: '200' } },
  { name: 'the bench and the cold chain at a lower priority (nice 10)', env: {}, loadYields: true },
];

const transactions = countSetting(process.env, 'BENCH_TRANSACTIONS', 1500);
const settings = benchSettings(process.env, { inFlight: 64, warmup: 200 });
const chosen = chosenVariants(process.env, VARIANTS);

/** The peers' and orderers' environment now: a variant's, restarted only when it changes. */
let fabricEnvNow = '{}';

/**
 * Every organisation's chaincode server, and the peers and orderers when theirs changes, started again with `variant`'s
 * environment; the load's priority set as `variant` says.
 */
async function restartWith(topology: Topology, variant: Variant): Promise<void> {
  if (variant.loadYields === true) lowerLoadPriority();
  else restoreLoadPriority();
  const deployment = readDeployment();
  if (deployment === undefined) throw new Error('no chaincode deployed: npm run up');
  await Promise.all(topology.organisations.map((org) => stop(org.chaincodeServer.name)));
  const fabricEnv = variant.fabricEnv ?? {};
  if (JSON.stringify(fabricEnv) !== fabricEnvNow) {
    const launches = topology.organisations.flatMap((org) => [
      ...org.orderers.map(ordererLaunch),
      ...org.peers.map((peer) => peerLaunch(org, peer)),
    ]);
    await Promise.all(launches.map((launch) => stop(launch.name)));
    for (const launch of launches) start({ ...launch, env: { ...launch.env, ...fabricEnv } });
    fabricEnvNow = JSON.stringify(fabricEnv);
  }
  await startChaincodeServers(topology, deployment, variant.env);
  await waitFor(
    'the peers and orderers to be back',
    async () => (await networkStatus(topology)).filter((n) => n.kind === 'peer' || n.kind === 'orderer').every((n) => n.healthy),
    60_000,
  );
}

async function main(): Promise<void> {
  const topology = loadTopology();
  const { recordDonation: send, close } = donationLoad(topology);
  console.log(
    `chaincode server settings, A/B: ${settings.repeats} rounds of ${chosen.length} variants, ${transactions} RecordDonation each`,
  );
  const prepared = await observeBefore();
  const runs = new Map<Variant, RunFigures[]>(chosen.map((v) => [v, []]));
  try {
    for (let round = 0; round < settings.repeats; round += 1) {
      for (let k = 0; k < chosen.length; k += 1) {
        const variant = chosen[(round + k) % chosen.length]!;
        await restartWith(topology, variant);
        console.log(`  round ${round + 1}, ${variant.name}:`);
        // A restarted server compiles its code again, and restarted peers and orderers must find each other (discovery, a
        // Raft leader): warm up until a whole warm-up goes through.
        for (let tries = 1; (await drive(settings.load, settings.warmup, send)).errors.length > 0; tries += 1) {
          if (tries === 10) throw new Error(`${variant.name}: the warm-up still fails after ${tries} tries`);
        }
        const { repeats } = await measureRepeats({
          settings: { ...settings, repeats: 1 },
          transactions,
          bagsPerTransaction: 1,
          send,
          indent: '    ',
        });
        runs.get(variant)!.push(...repeats);
      }
    }
  } finally {
    // Back as deployed; a failure here must not hide the one that ended the runs.
    await restartWith(topology, VARIANTS[0]!).catch((error: unknown) =>
      console.error(`bench: restoring as deployed: ${errorMessage(error)}`),
    );
    close();
  }
  const medians = chosen.map((variant) => ({
    variant: variant.name,
    env: variant.env,
    fabricEnv: variant.fabricEnv ?? {},
    loadYields: variant.loadYields === true,
    median: medianFigures(runs.get(variant)!),
    runs: runs.get(variant)!,
  }));
  console.log('  medians:');
  for (const { variant, median } of medians) {
    const servers = median.cpuMsPerTxByGroup['chaincode servers'] ?? NaN;
    console.log(`    ${variant}: ${describeRun(median, 1)}; chaincode servers ${servers.toFixed(1)} ms/tx`);
  }
  writeFigures('chaincode-settings', { ...prepared, transactions, variants: medians });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
