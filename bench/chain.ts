// Chain-of-custody benchmark on the running network (brought up when it is not): builds a pool of BENCH_POOL_SIZE
// (10,000) released donations in chunks, closes it, makes a lot from it, then runs a look-back on a donor inside it.
// Reports the time and the number of transactions of each phase. Run: npx tsx bench/chain.ts
// (BENCH_POOL_SIZE, BENCH_CONCURRENCY). Collections are never back-dated: a donation more than the rule set's
// lateEntryHours (72) old needs station QA's signed late entry, so each donor's pooled bags were collected over the last
// 60 hours (far more often than any donor gives, which a load test may), recorded and screened; then each donor's
// follow-up bag, collected as it is recorded, releases them, under this network's rule set that holds bags no days.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { ledgerErrorMessage, type LedgerSession, openSession } from '@plasma/platform';
import { loadTopology } from '@plasma/network';
import { networkStatus, up } from '@plasma/test-network';
import { computeDinCheckCharacter, gs1CheckDigit, verifyMembershipProof } from '@plasma/chaincode';
import { eventually } from '@plasma/testkit';

const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10_000);
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 64);
const CHUNK = 500;
/** Each donor gives this many donations that are pooled, then one more whose negative screening releases them. */
const POOLED_PER_DONOR = 10;
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/** Hours between a donor's pooled bags in the bench: ten of them within the 72 hours an on-time entry may lag. */
const BAG_INTERVAL_HOURS = 6;
const SCREENING_TESTS = ['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis'];

const text = (bytes: Uint8Array): any => JSON.parse(Buffer.from(bytes).toString());
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

interface Phase {
  name: string;
  transactions: number;
  ms: number;
}
const phases: Phase[] = [];

async function phase<T>(name: string, work: () => Promise<{ result: T; transactions: number }>): Promise<T> {
  const started = performance.now();
  const { result, transactions } = await work();
  const ms = performance.now() - started;
  phases.push({ name, transactions, ms });
  console.log(`  ${name.padEnd(50)} ${String(transactions).padStart(6)} tx  ${seconds(ms).padStart(8)}`);
  return result;
}

/** Runs `jobs` with `inFlight` in flight, each submitted and awaited until committed; fails on the first failure. */
async function parallel(jobs: readonly (() => Promise<unknown>)[], concurrency = inFlight): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return jobs.length;
}

async function submit(
  session: LedgerSession,
  contract: string,
  name: string,
  args: unknown[],
  transientData?: Record<string, Uint8Array>,
): Promise<any> {
  const submitted = await session.contract(contract).submitAsync(name, {
    arguments: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))),
    ...(transientData === undefined ? {} : { transientData }),
  });
  const status = await submitted.getStatus();
  if (!status.successful) throw new Error(`${contract}:${name} ${status.transactionId} failed validation with code ${status.code}`);
  return text(submitted.getResult());
}

/** A range of DINs of the facility no one used: a random year and start, checked at both ends. */
async function freshDinRange(session: LedgerSession, facility: string, count: number): Promise<(index: number) => string> {
  for (;;) {
    const year = String(randomInt(0, 100)).padStart(2, '0');
    const start = randomInt(0, 1_000_000 - count);
    const din = (index: number): string => {
      const din13 = `${facility}${year}${String(start + index).padStart(6, '0')}`;
      return din13 + computeDinCheckCharacter(din13);
    };
    const used = await Promise.all(
      [din(0), din(count - 1)].map((d) =>
        session
          .contract('Donation')
          .evaluateTransaction('GetDonation', d)
          .then(
            () => true,
            () => false,
          ),
      ),
    );
    if (!used.some(Boolean)) return din;
  }
}

async function main(): Promise<void> {
  const topology = loadTopology();
  if (!(await networkStatus(topology)).every((n) => n.healthy)) await up(topology, (m) => console.log(`network: ${m}`));
  const collector = openSession(topology, 'StationA', 'collector1');
  const stationQa = openSession(topology, 'StationA', 'stationqa1');
  const warehouse = openSession(topology, 'Factory', 'warehouse1');
  const factoryQa = openSession(topology, 'Factory', 'qa1');
  const inspector = openSession(topology, 'Regulator', 'inspector1');
  // A look-back is opened by the regulator (or the donor's station QA); the inspector reads.
  const regulator = openSession(topology, 'Regulator', 'regulator1');
  const run = randomBytes(3).toString('hex').toUpperCase();

  const donors = Math.ceil(poolSize / POOLED_PER_DONOR);
  const total = donors * (POOLED_PER_DONOR + 1);
  const dinOf = await freshDinRange(collector, 'G1001', total + 1);
  const poolDinOf = await freshDinRange(warehouse, 'G2001', 1);
  const pseudonyms = Array.from({ length: donors }, (_, i) => createHmac('sha256', run).update(`donor ${i}`).digest('hex'));
  // Donor d gives pooled donation k (k = 0 .. POOLED_PER_DONOR - 1) (POOLED_PER_DONOR - k) * 6 hours ago, 45 minutes
  // long; the follow-up donation (k = POOLED_PER_DONOR) ends a minute before it is recorded.
  const started = Date.now();
  const donationOf = (d: number, k: number, end: number) => ({
    din: dinOf(d * (POOLED_PER_DONOR + 1) + k),
    donorPseudonym: pseudonyms[d]!,
    productCode: 'E0701V00',
    collectionStart: new Date(end - 45 * 60_000).toISOString(),
    collectionEnd: new Date(end).toISOString(),
    volumeMl: 600,
    deviceSerial: 'PCS2-0042',
    anticoagulantLot: 'ACD-24117',
  });
  const donations = pseudonyms.flatMap((_, d) =>
    Array.from({ length: POOLED_PER_DONOR }, (__, k) =>
      donationOf(d, k, started - (POOLED_PER_DONOR - k) * BAG_INTERVAL_HOURS * HOUR + d * 1000),
    ),
  );
  const followUps = (): ReturnType<typeof donationOf>[] => pseudonyms.map((_, d) => donationOf(d, POOLED_PER_DONOR, Date.now() - 60_000));
  const pooled = donations.slice(0, poolSize).map(({ din }) => din);
  const batches = (dins: readonly string[]): string[][] =>
    Array.from({ length: Math.ceil(dins.length / CHUNK) }, (_, i) => dins.slice(i * CHUNK, (i + 1) * CHUNK));
  console.log(
    `chain of custody: a pool of ${pooled.length} donations from ${donors} donors (${total} donations recorded), ${inFlight} in flight`,
  );

  const screening = (): Record<string, Uint8Array> => ({
    screening: Buffer.from(
      JSON.stringify({
        tests: SCREENING_TESTS.map((analyte) => ({
          analyte,
          method: 'ELISA',
          result: 'non-reactive',
          conclusion: 'negative',
          instrument: 'STAR-7',
        })),
        testedAt: new Date().toISOString(),
        lab: 'StationA laboratory',
      }),
    ),
  });
  const recordAndScreen = async (which: string, bags: readonly ReturnType<typeof donationOf>[]): Promise<void> => {
    await phase(`record ${which} (one bag scan per tx)`, async () => ({
      result: undefined,
      transactions: await parallel(bags.map((input) => () => submit(collector, 'Donation', 'RecordDonation', [input]))),
    }));
    await phase(`screen ${which} (private detail, one per tx)`, async () => ({
      result: undefined,
      transactions: await parallel(
        bags.map(
          ({ din }) =>
            () =>
              submit(stationQa, 'Donation', 'RecordScreening', [din], screening()),
        ),
      ),
    }));
  };
  // A follow-up bag releases a donor's earlier ones only when recorded and screened after them.
  await recordAndScreen('donations', donations);
  await recordAndScreen('follow-ups', followUps());
  await phase(`store, ship, receive, quarantine (${CHUNK} per tx)`, async () => {
    const jobs = batches(pooled).map((dins, i) => async () => {
      await submit(collector, 'Donation', 'RecordStorage', [dins, { location: 'freezer F1', temperatureC: -30 }]);
      const shipmentId = `G1001-BENCH-${run}-${i}`;
      await submit(collector, 'Shipment', 'DispatchShipment', [{ shipmentId, destination: 'FactoryMSP', dins, temperatureC: -30 }]);
      await eventually(() =>
        submit(warehouse, 'Shipment', 'ReceiveShipment', [shipmentId, { receivedDins: dins, temperatureC: -27, labelsChecked: true }]),
      );
      await submit(warehouse, 'Donation', 'QuarantineDonations', [dins]);
    });
    return { result: undefined, transactions: 4 * (await parallel(jobs, 8)) };
  });
  await phase(`release (hold served, later negative; ${CHUNK} per tx)`, async () => ({
    result: undefined,
    transactions: await parallel(
      batches(pooled).map((dins) => () => submit(factoryQa, 'Donation', 'ReleaseDonations', [dins])),
      8,
    ),
  }));

  const poolDin = poolDinOf(0);
  const closed = await phase(`build and close the pool (${CHUNK} DINs per chunk)`, async () => {
    await submit(warehouse, 'Pool', 'CreatePool', [{ poolDin }]);
    // Sequential: every chunk updates the pool's count, volume and chunk roots.
    for (const dins of batches(pooled)) await submit(warehouse, 'Pool', 'AddToPool', [poolDin, dins]);
    const pool = await submit(warehouse, 'Pool', 'ClosePool', [poolDin]);
    return { result: pool, transactions: 2 + batches(pooled).length };
  });
  console.log(
    `    pool ${closed.poolDin}: ${closed.count} donations, ${(closed.volumeMl / 1000).toFixed(0)} L, Merkle root ${closed.merkleRoot.slice(0, 16)}…`,
  );

  const lotId = `BENCH-${run}`;
  await phase('pool NAT and a lot from the pool', async () => {
    await parallel(
      ['B19-DNA', 'HAV-RNA', 'HBV-DNA', 'HCV-RNA', 'HIV-RNA'].map(
        (analyte) => () =>
          submit(factoryQa, 'TestResult', 'RecordTestResult', [
            {
              subject: { kind: 'pool', id: poolDin },
              analyte,
              method: 'PCR',
              result: 'not detected',
              specification: 'not detected',
              conclusion: 'pass',
              oos: false,
              lab: 'QC virology',
              instrument: 'cobas-6800',
              rawDataHash: 'a'.repeat(64),
              testedAt: new Date().toISOString(),
            },
          ]),
      ),
    );
    const gtin = `0691234567890${gs1CheckDigit('0691234567890')}`;
    await submit(factoryQa, 'Lot', 'CreateLot', [
      { lotId, product: { name: 'Human albumin 20 %', gtin, expiry: '2029-06-30' }, pools: [poolDin] },
    ]);
    return { result: undefined, transactions: 6 };
  });

  const donor = pseudonyms[Math.floor(donors / 2)]!;
  await eventually(() => inspector.contract('Lot').evaluateTransaction('GetLot', lotId)); // the regulator's peer has the lot
  const lookBack = await phase(`look-back on a donor in the pool (${POOLED_PER_DONOR + 1} donations)`, async () => {
    const window = { from: new Date(Date.now() - 400 * DAY).toISOString() };
    let progress = await submit(regulator, 'LookBack', 'OpenLookBack', [donor, 'bench: donor seroconversion', window]);
    let transactions = 1;
    while (progress.status === 'in-progress') {
      progress = await submit(regulator, 'LookBack', 'ContinueLookBack', [progress.caseId]);
      transactions += 1;
    }
    return { result: progress, transactions };
  });
  const queried = performance.now();
  const found = text(await inspector.contract('LookBack').evaluateTransaction('GetLookBackCase', lookBack.caseId));
  const proofs = found.items.filter((item: any) => item.kind === 'donation').flatMap((item: any) => item.detail.membershipProofs);
  const proofsHold = proofs.every(verifyMembershipProof);
  console.log(
    `    case ${lookBack.caseId}: ${JSON.stringify(lookBack.counts)}, ${found.items.length} items, hash chain verified: ${found.verified}, ` +
      `${proofs.length} membership proofs verified: ${proofsHold} (read and checked in ${seconds(performance.now() - queried)})`,
  );
  const lot = text(await inspector.contract('Lot').evaluateTransaction('GetLot', lotId));
  console.log(`    lot ${lotId} holds: ${lot.holds.map((h: any) => `${h.kind} ${h.ref}`).join(', ')}`);

  const all = phases.reduce((sum, p) => ({ transactions: sum.transactions + p.transactions, ms: sum.ms + p.ms }), {
    transactions: 0,
    ms: 0,
  });
  console.log(`  ${'total'.padEnd(50)} ${String(all.transactions).padStart(6)} tx  ${seconds(all.ms).padStart(8)}`);
  for (const s of [collector, stationQa, warehouse, factoryQa, inspector, regulator]) s.close();
  if (!found.verified || !proofsHold || closed.count !== pooled.length) throw new Error('the look-back case or the pool did not verify');
}

main().catch((error: unknown) => {
  console.error(`bench-chain: ${ledgerErrorMessage(error)}`);
  process.exit(1);
});
