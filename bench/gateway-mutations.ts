// End-to-end mutation throughput: station collectors signed in to their stations' running gateways record donations
// over GraphQL, each one endorsed, ordered and committed on the full network before its answer comes back. The
// seed's reference is 120 transactions/s (BENCH_TRANSACTIONS, BENCH_CONCURRENCY tune the run).
import { gatewayUrl } from '@plasma/gateway-api';
import { demoPeopleOfAll, graphqlClient, operation } from '@plasma/demo';
import { loadTopology } from '@plasma/network';
import { donation, newDin } from '@plasma/testkit';

const total = Number(process.env.BENCH_TRANSACTIONS ?? 2000);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 96);

/** The p-quantile of ascending `sorted` in whole ms; n/a when nothing committed. */
const percentile = (sorted: number[], p: number): string =>
  sorted.length === 0 ? 'n/a' : `${sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0)} ms`;

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
  const demo = demoPeopleOfAll(topology);
  const stations = topology.organisations.filter((o) => o.kind === 'station');
  const collectors = await Promise.all(
    stations.map(async (station) => {
      const person = demo.find((p) => p.org === station.name && p.username === 'collector1');
      if (!person) throw new Error(`no demo collector1 at ${station.name}`);
      const client = graphqlClient(gatewayUrl(station));
      const token = await client.login(person.org, person.username, person.password).catch((error: Error) => {
        throw new Error(`login of collector1@${station.name}: ${error.message}`);
      });
      return { client, token, facility: station.facilities[0]! };
    }),
  );

  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const { client, token, facility } = collectors[next++ % collectors.length]!;
      const began = performance.now();
      try {
        await client.request(RECORD, { input: donation(newDin(facility)) }, token);
        latencies.push(performance.now() - began);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  console.log(`recordDonation through the gateway: ${latencies.length} committed, ${failed} failed, ${inFlight} in flight`);
  for (const [reason, count] of failures) console.log(`  failed ${count}×: ${reason}`);
  console.log(`  throughput ${(latencies.length / seconds).toFixed(1)} tx/s over ${seconds.toFixed(1)} s (reference 120 tx/s)`);
  console.log(`  latency p50 ${percentile(sorted, 0.5)}, p95 ${percentile(sorted, 0.95)}`);
  // A failed mutation fails the bench, so a script or CI running it notices.
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
