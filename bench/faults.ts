// Faults under load: station collectors record donations through their gateways without pause while, one at a time,
// the Raft leader, a peer, a chaincode server, an indexer, PostgreSQL and a gateway are killed and brought back (a
// warm `npm run up`, as a supervisor restarts what stopped). Per fault: mutations attempted, acknowledged, refused,
// answered PENDING and then resolved by sending them again under their clientRequestId (or never), committed,
// projected, lost, duplicated, and the time from the restart until every station's gateway acknowledged again. BENCH_FAULT_CONCURRENCY, BENCH_FAULT_DOWN_S and BENCH_FAULT_SETTLE_S tune the run.
import { loadTopology, raftLeader, type Topology } from '@plasma/network';
import { up } from '@plasma/test-network';
import { type Fault, faultDrill, type FaultOutcome, killProcess } from '@plasma/testkit/faults';
import { writeFigures } from './lib/measure';

const concurrency = Number(process.env.BENCH_FAULT_CONCURRENCY ?? 8);
const downMs = Number(process.env.BENCH_FAULT_DOWN_S ?? 10) * 1000;
const settleMs = Number(process.env.BENCH_FAULT_SETTLE_S ?? 10) * 1000;
const quiet = (): void => undefined;

function faults(topology: Topology): Fault[] {
  const restart = (): Promise<void> => up(topology, quiet);
  const part = (name: string, what: string): Fault => ({ name: what, inject: () => killProcess(name), repair: restart });
  return [
    {
      name: 'the Raft leader',
      inject: async () => {
        const leader = await raftLeader(topology);
        if (!leader) throw new Error('no orderer leads the channel');
        return killProcess(leader.name);
      },
      repair: restart,
    },
    part('peer0.stationa', "a station's only peer"),
    part('chaincode.factory', "the factory's chaincode server"),
    part('indexer-stationa', "a station's indexer"),
    part('postgres', 'PostgreSQL'),
    part('gateway-stationb', "a station's gateway"),
  ];
}

function table(outcomes: readonly FaultOutcome[]): string {
  const rows = [
    [
      'FAULT',
      'KILLED',
      'ATTEMPTED',
      'ACKED',
      'REFUSED',
      'PENDING→RESOLVED',
      'UNRESOLVED',
      'PENDING→REFUSED',
      'COMMITTED',
      'PROJECTED',
      'LOST',
      'DUPLICATED',
      'UNPROJECTED',
      'RESTART',
      'RECOVERY',
    ],
    ...outcomes.map((o) => [
      o.fault,
      o.killed,
      ...[
        o.attempted,
        o.acknowledged,
        o.refused,
        o.pendingThenResolved,
        o.pendingUnresolved,
        o.pendingThenRefused,
        o.committed,
        o.projected,
        o.lost,
        o.duplicated,
        o.unprojected,
      ].map(String),
      `${(o.restartMs / 1000).toFixed(1)} s`,
      o.recoveryMs === null ? 'never' : `${(o.recoveryMs / 1000).toFixed(1)} s`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const topology = loadTopology();
  console.log(
    `faults under load: ${concurrency} mutations in flight, each part down ${downMs / 1000} s, ${settleMs / 1000} s of load between`,
  );
  const outcomes = await faultDrill(topology, faults(topology), { concurrency, downMs, settleMs }, (m) => console.log(`  ${m}`));
  console.log(`\n${table(outcomes)}`);
  for (const o of outcomes) for (const [reason, n] of Object.entries(o.refusals)) console.log(`  ${o.fault}: refused ${n}×: ${reason}`);
  writeFigures('faults', { concurrency, downMs, settleMs, outcomes });
  // Anything lost, duplicated, left unprojected, unresolved or refused after PENDING, or a part that never recovered,
  // fails the bench.
  if (outcomes.some((o) => o.lost + o.duplicated + o.unprojected + o.pendingUnresolved + o.pendingThenRefused > 0 || o.recoveryMs === null))
    process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
