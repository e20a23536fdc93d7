// What Caliper is given for a run, generated from the project's topology and its own identities: the network file
// (Caliper's version 2.0.0 format: each station's collector, by the paths of its certificate and key, and its first
// peer), the benchmark file (one round at a fixed load), and each worker's donations, its own block of DINs. All of it
// is written 0600 into .data/bench/caliper (git-ignored); no key is copied, the network file names the project's files.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  address,
  dataHome,
  firstPeer,
  orgCaCert,
  type Organisation,
  repoRoot,
  signingFiles,
  type Topology,
  userIdentityDir,
} from '@plasma/network';
import { FIRST_DEMO_DIN_SEQUENCE } from '@plasma/demo';
import { dinBlock, dinClockSequence, donation } from '@plasma/testkit';

/**
 * Where a run's generated files, Caliper's log and report, and its workers' latencies go: beside the benches' figures
 * in this checkout's .data, even when PLASMA_DATA_DIR points the identities elsewhere (which are only read).
 */
export const workDir = path.join(dataHome, 'bench', 'caliper');
/** Caliper's workload module (CommonJS, run by Caliper's workers). */
export const workloadModule = path.join(repoRoot, 'bench', 'caliper', 'record-donation.js');
/** The identity each station submits as, as in bench/record-donations.ts. */
export const COLLECTOR = 'collector1';
export const ROUND_LABEL = 'record-donation';

export function writePrivate(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync keeps the mode of a file that was there
}

export const workerDonationsFile = (worker: number): string => path.join(workDir, `worker-${worker}.donations.json`);
export const workerLatenciesFile = (worker: number): string => path.join(workDir, `worker-${worker}.latencies.json`);

/** Caliper's network file: the stations (whose collectors submit), each with its collector and its first peer. */
export function networkConfiguration(topology: Topology, stations: readonly Organisation[]): object {
  return {
    name: 'plasma-trace',
    version: '2.0.0',
    caliper: { blockchain: 'fabric', sutOptions: { mutualTls: false } },
    channels: [{ channelName: topology.channel, contracts: [{ id: topology.chaincode.name }] }],
    organizations: stations.map((station) => {
      const files = signingFiles(userIdentityDir(station.name, COLLECTOR));
      return {
        mspid: station.mspId,
        identities: {
          certificates: [{ name: COLLECTOR, clientPrivateKey: { path: files.key }, clientSignedCert: { path: files.cert } }],
        },
        // The peer a session of platform's openSession goes through, trusted by the same root.
        peers: [{ endpoint: address(firstPeer(station)), tlsCACerts: { path: orgCaCert(station.name) } }],
      };
    }),
  };
}

export interface Round {
  readonly workers: number;
  readonly transactionsPerWorker: number;
  readonly inFlight: number;
}

/**
 * Caliper's benchmark file: one round of `workers × transactionsPerWorker` RecordDonations (Caliper gives each worker
 * an equal share) at a fixed load of `inFlight` transactions in flight across the workers, as record-donations keeps.
 */
export function benchmarkConfiguration(round: Round): object {
  return {
    test: {
      name: 'plasma-trace',
      description: 'Donation:RecordDonation from the stations’ collectors',
      workers: { number: round.workers },
      rounds: [
        {
          label: ROUND_LABEL,
          txNumber: round.workers * round.transactionsPerWorker,
          // Caliper's fixed-load paces its submissions until the first transaction finishes; startTps sets that pace.
          rateControl: { type: 'fixed-load', opts: { transactionLoad: round.inFlight, startTps: round.inFlight * 2 } },
          workload: { module: workloadModule, arguments: { workDir } },
        },
      ],
    },
  };
}

/** Records which sequences the Caliper runs took: the clock instant the last run's blocks end at. */
const dinBlocksFile = path.join(workDir, 'din-blocks.json');

/**
 * Where a run starting at `startsAt` (ms) begins its blocks: the DIN clock (testkit's dinClockSequence, which newDin
 * counts from) half its wrap ahead, so that they stay about two hours away from the DINs of the tests and benches run
 * meanwhile.
 */
export const firstDinSequence = (startsAt: number): number =>
  (dinClockSequence(startsAt) + Math.floor(FIRST_DEMO_DIN_SEQUENCE / 2)) % FIRST_DEMO_DIN_SEQUENCE;

/**
 * Each worker's DINs: worker w's block is the `transactionsPerWorker` sequences from `firstSequence + w ×
 * transactionsPerWorker` (wrapping below the demo's) at the facility `facilityOf(w)`, so that no two workers share a DIN
 * even at the same facility; a round that needs more sequences than there are is refused.
 */
export function workerDins(round: Round, firstSequence: number, facilityOf: (worker: number) => string): string[][] {
  const taken = round.workers * round.transactionsPerWorker;
  if (taken > FIRST_DEMO_DIN_SEQUENCE) {
    throw new Error(`a round of ${taken} transactions needs more DINs than the ${FIRST_DEMO_DIN_SEQUENCE} sequences below the demo's`);
  }
  return Array.from({ length: round.workers }, (_, worker) =>
    dinBlock(facilityOf(worker), firstSequence + worker * round.transactionsPerWorker, round.transactionsPerWorker),
  );
}

/**
 * Writes each worker's donations: worker w submits as the collector of station w mod stations, from its own block of
 * DINs (workerDins), the blocks starting from firstDinSequence no earlier than where the previous Caliper run's blocks
 * ended, so Caliper runs never share a DIN. (Any run that draws from the clock meets one of about 3.9 hours before when
 * the clock has wrapped; newDin's runs too.)
 */
export function writeWorkerDonations(topology: Topology, stations: readonly Organisation[], round: Round): { firstSequence: number } {
  const previousEnd = existsSync(dinBlocksFile) ? (JSON.parse(readFileSync(dinBlocksFile, 'utf8')) as { endsAt: number }).endsAt : 0;
  const startsAt = Math.max(Date.now(), previousEnd);
  const firstSequence = firstDinSequence(startsAt);
  const stationOf = (worker: number): Organisation => stations[worker % stations.length]!;
  workerDins(round, firstSequence, (worker) => stationOf(worker).facilities[0]!).forEach((dins, worker) => {
    const work = {
      mspId: stationOf(worker).mspId,
      identity: COLLECTOR,
      contractId: topology.chaincode.name,
      contractFunction: 'Donation:RecordDonation',
      donations: dins.map((din) => JSON.stringify(donation(din))),
    };
    writePrivate(workerDonationsFile(worker), `${JSON.stringify(work)}\n`);
  });
  // The clock moves 7 sequences every 100 ms: the instant it has moved past every block of this run.
  const taken = round.workers * round.transactionsPerWorker;
  writePrivate(dinBlocksFile, `${JSON.stringify({ firstSequence, taken, endsAt: startsAt + Math.ceil(taken / 7) * 100 })}\n`);
  return { firstSequence };
}
