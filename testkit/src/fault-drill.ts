// A steady load of mutations through the stations' gateways while, one at a time, a part of the system is killed and
// brought back: what `npm run bench -- faults` reports and a slimmer network test asserts. Every mutation records a
// new donation (its DIN is its own idempotence key: the ledger takes a DIN once), so afterwards each one can be looked
// for on the ledger and in its station's projection: acknowledged but not on the ledger is lost; on the ledger but
// not projected, once the indexers caught up, is unprojected; on the ledger twice is duplicated. Each carries a
// clientRequestId: one answered PENDING (sent, outcome unknown) is sent again under it until it is answered.
import { randomUUID } from 'node:crypto';
import { normaliseDinKey } from '@plasma/chaincode';
import { gatewayUrl } from '@plasma/gateway-api';
import { demoPeopleOfAll, graphqlClient, type GraphQLClient, GraphQLRequestError, operation } from '@plasma/demo';
import { type Organisation, type Topology } from '@plasma/network';
import { createPool, ledgerErrorMessage, organisationDatabaseUrl, runningPid, sleep } from '@plasma/platform';
import { donation, ledgerPeople, newDin } from './ledger-fixtures';

export interface Fault {
  /** What is killed, e.g. "the Raft leader". */
  readonly name: string;
  /** Kills it; answers the process it killed. */
  readonly inject: () => Promise<string>;
  /** Brings it back, as an operator's supervisor would. */
  readonly repair: () => Promise<void>;
}

export interface DrillOptions {
  /** Mutations in flight at once. */
  readonly concurrency: number;
  /** How long the part stays down before it is repaired. */
  readonly downMs: number;
  /** Load after each recovery, before the next fault. */
  readonly settleMs: number;
  /** How long a recovery may take before the drill gives up on it. */
  readonly recoveryTimeoutMs?: number;
}

export interface FaultOutcome {
  readonly fault: string;
  /** The process killed. */
  readonly killed: string;
  readonly attempted: number;
  /** Answered with the donation recorded. */
  readonly acknowledged: number;
  /** Answered with an error (the client knows to try again). */
  readonly refused: number;
  /** Answered PENDING, or not at all, at least once, then acknowledged or refused when sent again under the same clientRequestId. */
  readonly pendingThenResolved: number;
  /** Still PENDING when the drill gave up sending it again. */
  readonly pendingUnresolved: number;
  /**
   * Answered PENDING, then refused when sent again under the same clientRequestId: a repeat of a request that
   * committed answers its first answer, so one refused means the request ids did not hold (the DIN's own uniqueness
   * refusing the repeat as already recorded).
   */
  readonly pendingThenRefused: number;
  /** On the ledger afterwards, acknowledged or not. */
  readonly committed: number;
  /** Projected by the station's indexer, of those on the ledger. */
  readonly projected: number;
  readonly lost: number;
  readonly unprojected: number;
  readonly duplicated: number;
  /** How long the repair (a warm `up`) took. */
  readonly restartMs: number;
  /** From the repair's start until every station's gateway acknowledged a mutation begun after it; null: never. */
  readonly recoveryMs: number | null;
  /** Why mutations were refused, with how many each. */
  readonly refusals: Readonly<Record<string, number>>;
}

interface Attempt {
  readonly phase: number;
  readonly station: string;
  readonly din: string;
  /** The bag as scanned: every send of the request sends the same. */
  readonly input: ReturnType<typeof donation>;
  readonly startedAt: number;
  readonly clientRequestId: string;
  /** How many times it was answered PENDING. */
  pending: number;
  acknowledged?: boolean;
  refusal?: string;
}

const RECORD = operation<{ recordDonation: { din: string } }, { input: ReturnType<typeof donation>; clientRequestId: string }>(
  'mutation ($input: DonationInput!, $clientRequestId: ID) { recordDonation(input: $input, clientRequestId: $clientRequestId) { din } }',
);
/** How often a PENDING mutation is sent again, a second apart, before the drill gives up on it. */
const PENDING_RESENDS = 120;
const TRY_AGAIN: ReadonlySet<string> = new Set(['LEDGER_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'HTTP']);

/** SIGKILL for a node or service; PostgreSQL is sent SIGQUIT, its own crash (no checkpoint, recovery at start). */
export async function killProcess(name: string): Promise<string> {
  const pid = runningPid(name);
  if (pid === undefined) throw new Error(`fault drill: ${name} is not running`);
  process.kill(pid, name === 'postgres' ? 'SIGQUIT' : 'SIGKILL');
  for (let i = 0; i < 100 && runningPid(name) !== undefined; i += 1) await sleep(100);
  return name;
}

/** A refusal's reason without its ids, so that like ones are counted together. */
const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .replace(/[0-9a-f]{16,}/g, '…')
    .replace(/G\d{12,}\S*/g, 'DIN')
    .slice(0, 140);

/**
 * Sends the attempt, and again under its clientRequestId while its outcome is unknown: answered PENDING or not at all (the
 * gateway's connection failed), then through answers that say "try again". Ends acknowledged, refused with a reason, or
 * still pending once the drill gives up sending it.
 */
async function settle(attempt: Attempt, client: GraphQLClient, token: string): Promise<void> {
  for (;;) {
    try {
      await client.request(RECORD, { input: attempt.input, clientRequestId: attempt.clientRequestId }, token);
      attempt.acknowledged = true;
      return;
    } catch (error) {
      const code = error instanceof GraphQLRequestError ? error.code : 'NO ANSWER';
      const unknown = code === 'PENDING' || code === 'NO ANSWER' || (attempt.pending > 0 && TRY_AGAIN.has(code));
      if (!unknown) {
        attempt.acknowledged = false;
        attempt.refusal = reasonOf(error);
        return;
      }
      if (attempt.pending === PENDING_RESENDS) return;
      attempt.pending += 1;
      await sleep(1_000); // then the same request again: it answers its first answer if it committed meanwhile
    }
  }
}

/** Each station's demo collector1 signed in to its station's running gateway (the drill's and the GraphQL bench's load). */
export async function signedInCollectors(topology: Topology): Promise<{ station: Organisation; client: GraphQLClient; token: string }[]> {
  const demo = demoPeopleOfAll(topology);
  const stations = topology.organisations.filter((o) => o.kind === 'station');
  return Promise.all(
    stations.map(async (station) => {
      const person = demo.find((p) => p.org === station.name && p.username === 'collector1');
      if (!person) throw new Error(`no demo collector1 at ${station.name}`);
      const client = graphqlClient(gatewayUrl(station));
      const token = await client.login(person.org, person.username, person.password).catch((error: Error) => {
        throw new Error(`login of collector1@${station.name}: ${error.message}`);
      });
      return { station, client, token };
    }),
  );
}

export async function faultDrill(
  topology: Topology,
  faults: readonly Fault[],
  options: DrillOptions,
  progress: (message: string) => void,
): Promise<FaultOutcome[]> {
  const collectors = await signedInCollectors(topology);
  const attempts: Attempt[] = [];
  let phase = 0;
  let stopping = false;
  let turn = 0;
  const worker = async (): Promise<void> => {
    while (!stopping) {
      const { station, client, token } = collectors[turn++ % collectors.length]!;
      const din = newDin(station.facilities[0]!);
      const attempt: Attempt = {
        phase,
        station: station.name,
        din,
        input: donation(din),
        startedAt: Date.now(),
        clientRequestId: randomUUID(),
        pending: 0,
      };
      attempts.push(attempt);
      await settle(attempt, client, token);
      if (!attempt.acknowledged) await sleep(200); // a client backs off before trying anew
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);

  const recoveries: (number | null)[] = [];
  const restarts: number[] = [];
  const killed: string[] = [];
  try {
    for (const [index, fault] of faults.entries()) {
      phase = index;
      await sleep(options.settleMs);
      killed.push(await fault.inject());
      progress(`${fault.name}: killed ${killed[index]}`);
      await sleep(options.downMs);
      const repairedFrom = Date.now();
      await fault.repair();
      restarts.push(Date.now() - repairedFrom);
      recoveries.push(
        await recovered(
          attempts,
          collectors.map((c) => c.station.name),
          repairedFrom,
          options.recoveryTimeoutMs ?? 180_000,
        ),
      );
      progress(
        `${fault.name}: repaired; ${recoveries[index] === null ? 'no recovery' : `recovered in ${(recoveries[index]! / 1000).toFixed(1)} s`}`,
      );
    }
    await sleep(options.settleMs);
  } finally {
    // A fault that could not be injected or repaired stops the load too.
    stopping = true;
    await Promise.all(workers);
  }
  progress(`load stopped: ${attempts.length} mutations attempted; looking for each on the ledger and in the projections`);

  const onLedger = await committedDins(topology, attempts);
  const projected = await projectedDins(
    collectors.map((c) => c.station),
    attempts,
    onLedger,
  );
  const duplicated = await duplicatedDins(
    collectors.map((c) => c.station),
    attempts,
  );
  return faults.map((fault, index) => {
    const mine = attempts.filter((a) => a.phase === index);
    const refusals: Record<string, number> = {};
    for (const a of mine) if (a.refusal) refusals[a.refusal] = (refusals[a.refusal] ?? 0) + 1;
    const key = (a: Attempt): string => normaliseDinKey(a.din);
    return {
      fault: fault.name,
      killed: killed[index]!,
      attempted: mine.length,
      acknowledged: mine.filter((a) => a.acknowledged).length,
      refused: mine.filter((a) => a.acknowledged === false).length,
      pendingThenResolved: mine.filter((a) => a.pending > 0 && a.acknowledged !== undefined).length,
      pendingUnresolved: mine.filter((a) => a.pending > 0 && a.acknowledged === undefined).length,
      pendingThenRefused: mine.filter((a) => a.pending > 0 && a.acknowledged === false).length,
      committed: mine.filter((a) => onLedger.has(key(a))).length,
      projected: mine.filter((a) => onLedger.has(key(a)) && projected.has(key(a))).length,
      lost: mine.filter((a) => a.acknowledged && !onLedger.has(key(a))).length,
      unprojected: mine.filter((a) => onLedger.has(key(a)) && !projected.has(key(a))).length,
      duplicated: mine.filter((a) => duplicated.has(key(a))).length,
      restartMs: restarts[index]!,
      recoveryMs: recoveries[index] ?? null,
      refusals,
    };
  });
}

/** Waits until every station acknowledged a mutation begun at or after `from`: the time that took, or null. */
async function recovered(
  attempts: readonly Attempt[],
  stations: readonly string[],
  from: number,
  timeoutMs: number,
): Promise<number | null> {
  for (;;) {
    const latest = stations.map((station) => attempts.find((a) => a.station === station && a.startedAt >= from && a.acknowledged));
    if (latest.every((a) => a !== undefined)) return Date.now() - from;
    if (Date.now() - from > timeoutMs) return null;
    await sleep(250);
  }
}

/** The DIN keys the ledger holds, of those attempted (asked of StationA's peers, as a regulator's reader would). */
async function committedDins(topology: Topology, attempts: readonly Attempt[]): Promise<Set<string>> {
  const people = ledgerPeople(topology);
  const held = new Set<string>();
  try {
    const queue = attempts.values();
    const ask = async (): Promise<void> => {
      for (const attempt of queue) {
        try {
          await people.query('StationA', 'stationqa1', 'Donation', 'GetDonation', attempt.din);
          held.add(normaliseDinKey(attempt.din));
        } catch (error) {
          if (!ledgerErrorMessage(error).startsWith('NOT_FOUND')) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, ask));
  } finally {
    people.close();
  }
  return held;
}

/** The DIN keys each station's own projection holds, once its indexer has caught up with what the ledger holds. */
async function projectedDins(
  stations: readonly Organisation[],
  attempts: readonly Attempt[],
  onLedger: ReadonlySet<string>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const station of stations) {
    const wanted = attempts
      .filter((a) => a.station === station.name && onLedger.has(normaliseDinKey(a.din)))
      .map((a) => normaliseDinKey(a.din));
    const pool = createPool(organisationDatabaseUrl(station.name), 1);
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { rows } = await pool.query<{ din: string }>('SELECT din FROM donations WHERE din = ANY($1)', [wanted]);
        if (rows.length === wanted.length || Date.now() > deadline) {
          for (const { din } of rows) found.add(din);
          break;
        }
        await sleep(500);
      }
    } finally {
      await pool.end();
    }
  }
  return found;
}

/** DIN keys recorded by more than one valid transaction, in the stations' projections. */
async function duplicatedDins(stations: readonly Organisation[], attempts: readonly Attempt[]): Promise<Set<string>> {
  const twice = new Set<string>();
  for (const station of stations) {
    const keys = attempts.filter((a) => a.station === station.name).map((a) => normaliseDinKey(a.din));
    const pool = createPool(organisationDatabaseUrl(station.name), 1);
    try {
      const { rows } = await pool.query<{ key: string }>(
        `SELECT e.object_key AS key FROM ledger_events e JOIN transactions t USING (tx_id)
          WHERE t.is_valid AND e.name = 'DonationRecorded' AND e.object_key = ANY($1)
          GROUP BY e.object_key HAVING count(*) > 1`,
        [keys],
      );
      for (const { key } of rows) twice.add(key);
    } finally {
      await pool.end();
    }
  }
  return twice;
}
