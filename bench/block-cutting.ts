// A sweep of the orderers' block cutting (issue 15, "lean paths"): the channel's BatchTimeout and MaxMessageCount
// changed by a channel configuration update that a majority of the members' admins sign (as any change of the
// channel's configuration is made), then the same RecordDonation load as record-donations.ts under two loads, round
// after round with the order of the variants rotated, then each variant's medians:
// - saturation, BENCH_CONCURRENCY in flight (160 by default: enough that even the longest timeout below does not bound
//   the throughput by the transactions a client keeps in flight);
// - light load, BENCH_LIGHT_RATE transactions a second at a fixed arrival rate (20 by default): the latency a station
//   sees when the network is not busy, which the batch timeout sets.
// BENCH_TRANSACTIONS (per saturated run), BENCH_WARMUP (after each change), BENCH_REPEATS (rounds) and BENCH_VARIANTS
// (by index) tune it. The channel is left cut as network/src/configtx.ts founds it (also when interrupted; the bench
// fails when it cannot), whatever it found. About 15 minutes with the defaults.
import path from 'node:path';
import { BLOCK_CUTTING, type BlockCutting, dataRoot, loadTopology, type Topology } from '@plasma/network';
import { changeChannel, channelConfig, type ConfigJson, errorMessage } from '@plasma/platform';
import { majorityOf } from '@plasma/test-network';
import { donationLoad } from './lib/donation-load';
import { describeRun, measureRepeats, observeBefore, writeFigures, type RunFigures } from './lib/measure';
import { describeLoad, drive } from './lib/schedule';
import { benchSettings, chosenVariants, countSetting } from './lib/settings';
import { medianFigures } from './lib/statistics';

const VARIANTS: readonly BlockCutting[] = [
  // As network/src/configtx.ts founds the channel: the first variant, and what the channel is left with.
  BLOCK_CUTTING,
  { batchTimeout: '100ms', maxMessageCount: 500 },
  { batchTimeout: '500ms', maxMessageCount: 500 },
  { batchTimeout: '1s', maxMessageCount: 500 },
  { batchTimeout: '250ms', maxMessageCount: 50 },
];

const describeCutting = (c: BlockCutting): string => `BatchTimeout ${c.batchTimeout}, MaxMessageCount ${c.maxMessageCount}`;

const transactions = countSetting(process.env, 'BENCH_TRANSACTIONS', 1500);
const settings = benchSettings(process.env, { inFlight: 160, warmup: 200 });
const lightRate = countSetting(process.env, 'BENCH_LIGHT_RATE', 20);
const lightTransactions = lightRate * 15;
const chosen = chosenVariants(process.env, VARIANTS);

/** The part of the channel configuration that holds the block cutting (what configtxlator decodes). */
type OrdererValues = {
  BatchTimeout: { value: { timeout: string } };
  BatchSize: { value: { max_message_count: number } };
};
const ordererValues = (config: ConfigJson): OrdererValues =>
  (config.channel_group.groups as unknown as { Orderer: { values: OrdererValues } }).Orderer.values;

const workDir = path.join(dataRoot, 'bench', 'block-cutting');

/** The channel's block cutting as its configuration holds it now (a run stopped half-way may have left another). */
async function cuttingOf(topology: Topology): Promise<BlockCutting> {
  const values = ordererValues(await channelConfig(topology, majorityOf(topology.organisations)[0]!, path.join(workDir, 'now')));
  return { batchTimeout: values.BatchTimeout.value.timeout, maxMessageCount: values.BatchSize.value.max_message_count };
}

let cuttingNow = '';

/** The channel's block cutting changed to `cutting` by a majority of the members' admins, unless it is that already. */
async function cutBlocksBy(topology: Topology, cutting: BlockCutting): Promise<void> {
  if (JSON.stringify(cutting) === cuttingNow) return;
  await changeChannel(topology, majorityOf(topology.organisations), workDir, (config) => {
    const values = ordererValues(config);
    values.BatchTimeout.value.timeout = cutting.batchTimeout;
    values.BatchSize.value.max_message_count = cutting.maxMessageCount;
  });
  cuttingNow = JSON.stringify(cutting);
}

/** Back as founded; a failure here fails the bench (the next run would measure what is left, named as founded). */
async function restore(topology: Topology): Promise<void> {
  await cutBlocksBy(topology, BLOCK_CUTTING).catch((error: unknown) => {
    console.error(`bench: the channel's block cutting could not be restored to ${describeCutting(BLOCK_CUTTING)}: ${errorMessage(error)}`);
    process.exitCode = 1;
  });
}

async function main(): Promise<void> {
  const topology = loadTopology();
  const { recordDonation: send, close } = donationLoad(topology);
  console.log(
    `block cutting sweep: ${settings.repeats} rounds of ${chosen.length} variants, each ${transactions} RecordDonation ` +
      `at ${describeLoad(settings.load)} ` +
      `and ${lightTransactions} at ${lightRate} tx/s`,
  );
  const found = await cuttingOf(topology);
  cuttingNow = JSON.stringify(found);
  if (cuttingNow !== JSON.stringify(BLOCK_CUTTING))
    console.log(`  the channel was left cut by ${describeCutting(found)}: set as founded first`);
  // Stopped by hand (Ctrl-C reaches npm and tsx too, which pass on a SIGINT or a SIGTERM), the channel is restored
  // before the process ends.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}: restoring the block cutting as founded before stopping`);
      void restore(topology).finally(() => process.exit(130));
    });
  }
  const prepared = await observeBefore();
  const saturated = new Map<BlockCutting, RunFigures[]>(chosen.map((v) => [v, []]));
  const light = new Map<BlockCutting, RunFigures[]>(chosen.map((v) => [v, []]));
  const once = (load: typeof settings.load, count: number) => ({ settings: { ...settings, load, repeats: 1 }, transactions: count });
  try {
    for (let round = 0; round < settings.repeats; round += 1) {
      for (let k = 0; k < chosen.length; k += 1) {
        const variant = chosen[(round + k) % chosen.length]!;
        await cutBlocksBy(topology, variant);
        console.log(`  round ${round + 1}, ${describeCutting(variant)}:`);
        const warm = await drive(settings.load, settings.warmup, send);
        if (warm.errors.length > 0) throw new Error(`${describeCutting(variant)}: ${warm.errors.length} of the warm-up failed`);
        for (const [runs, load, count] of [
          [saturated, settings.load, transactions],
          [light, { kind: 'rate', perSecond: lightRate }, lightTransactions],
        ] as const) {
          const { repeats } = await measureRepeats({ ...once(load, count), bagsPerTransaction: 1, send, indent: '    ' });
          runs.get(variant)!.push(...repeats);
        }
      }
    }
  } finally {
    await restore(topology);
    close();
  }
  const medians = chosen.map((variant) => ({
    ...variant,
    saturated: medianFigures(saturated.get(variant)!),
    light: medianFigures(light.get(variant)!),
    runs: { saturated: saturated.get(variant)!, light: light.get(variant)! },
  }));
  console.log('  medians:');
  for (const m of medians) {
    console.log(`    ${describeCutting(m)}:`);
    console.log(`      saturated: ${describeRun(m.saturated, 1)}`);
    console.log(`      ${lightRate} tx/s: ${describeRun(m.light, 1)}`);
  }
  writeFigures('block-cutting', { ...prepared, transactions, lightRate, lightTransactions, variants: medians });
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
