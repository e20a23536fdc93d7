// End-to-end mutation throughput: station collectors signed in to their stations' running gateways record donations
// over GraphQL, each one endorsed, ordered and committed on the full network before its answer comes back, measured as
// every throughput bench is (lib/measure.ts); the figures also go to .data/bench/gateway-mutations.json. The seed's
// reference is 120 transactions/s (BENCH_TRANSACTIONS, BENCH_CONCURRENCY or BENCH_RATE, BENCH_WARMUP and BENCH_REPEATS
// tune the run).
import { operation } from '@plasma/demo';
import { loadTopology } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import { donation, newDin } from '@plasma/testkit';
import { signedInCollectors } from '@plasma/testkit/faults';
import { runMeasured, writeFigures } from './lib/measure';
import { benchSettings, countSetting } from './lib/settings';

const transactions = countSetting(process.env, 'BENCH_TRANSACTIONS', 2000);
const settings = benchSettings(process.env, { inFlight: 96, warmup: 100 });

const RECORD = operation<{ recordDonation: { din: string; recordedTxId: string } }, { input: ReturnType<typeof donation> }>(/* GraphQL */ `
  mutation RecordDonation($input: DonationInput!) {
    recordDonation(input: $input) {
      din
      recordedTxId
    }
  }
`);

async function main(): Promise<void> {
  const topology = loadTopology();
  const collectors = (await signedInCollectors(topology)).map(({ station, client, token }) => ({
    client,
    token,
    facility: station.facilities[0]!,
  }));

  const { measured, figures } = await runMeasured({
    title: 'recordDonation through the gateway (reference 120 tx/s)',
    settings,
    transactions,
    send: async (i) => {
      const { client, token, facility } = collectors[i % collectors.length]!;
      await client.request(RECORD, { input: donation(newDin(facility)) }, token);
    },
  });
  writeFigures('gateway-mutations', figures);
  // A failed mutation in any repeat fails the bench, so a script or CI running it notices.
  if (measured.repeats.some((r) => r.failures > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorMessage(error)}`);
  process.exit(1);
});
