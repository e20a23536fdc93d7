// End-to-end mutation throughput: station collectors signed in to the running gateway record donations over
// GraphQL, each one endorsed, ordered and committed on the full network before its answer comes back. The
// seed's reference is 120 transactions/s (BENCH_TRANSACTIONS, BENCH_CONCURRENCY tune the run).
import { readFileSync } from 'node:fs';
import { loadConfig } from '@plasma/gateway-api';
import { organisation } from '@plasma/network';
import { donation, newDin } from '../test-network/test/fixtures';

const total = Number(process.env.BENCH_TRANSACTIONS ?? 2000);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 96);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

interface DemoPerson { org: string; username: string; password: string }

async function graphql(url: string, query: string, variables: object, token?: string): Promise<{ data?: any; errors?: { message: string }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{ data?: any; errors?: { message: string }[] }>;
}

const RECORD = 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din recordedTxId } }';

async function main(): Promise<void> {
  const config = loadConfig();
  const url = `http://${config.listen.host}:${config.listen.port}/graphql`;
  const demo = JSON.parse(readFileSync(config.demoPeopleFile, 'utf8')) as DemoPerson[];
  const stations = config.topology.organisations.filter((o) => o.kind === 'station');
  const collectors = await Promise.all(stations.map(async (station) => {
    const person = demo.find((p) => p.org === station.name && p.username === 'collector1');
    if (!person) throw new Error(`no demo collector1 at ${station.name} in ${config.demoPeopleFile}`);
    const answer = await graphql(url, 'mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token } }',
      { org: person.org, u: person.username, p: person.password });
    if (!answer.data?.login) throw new Error(`login of collector1@${station.name}: ${answer.errors?.[0]?.message}`);
    return { token: answer.data.login.token as string, facility: organisation(config.topology, station.name).facilities[0]! };
  }));

  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const { token, facility } = collectors[next++ % collectors.length]!;
      const began = performance.now();
      const answer = await graphql(url, RECORD, { input: donation(newDin(facility)) }, token)
        .catch((error: Error) => ({ errors: [{ message: error.message }], data: undefined }));
      if (answer.data?.recordDonation) latencies.push(performance.now() - began);
      else {
        const reason = answer.errors?.[0]?.message ?? 'no answer';
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
  console.log(`  latency p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
