// Alarms: the ledger events someone watching the network must act on. The one place that says which events
// are alarms and how serious they are; the subscription and the list of recent alarms both read it.
import { Repeater } from 'graphql-yoga';
import { EVENT_NAMES, isEventName, type EventName, type EventPayloads } from '@plasma/chaincode';
import type { Pool } from 'pg';
import type { BlockIndexed } from './block-notifications';

export type AlarmSeverity = 'critical' | 'major' | 'minor';

export interface Alarm {
  readonly transactionId: string;
  readonly blockNumber: number;
  readonly at: Date;
  /** The event that raised it, e.g. DonationsPutOnHold. */
  readonly event: string;
  readonly severity: AlarmSeverity;
  readonly objectType: string;
  readonly objectId: string;
  readonly summary: string;
}

interface EventRow {
  readonly tx_id: string;
  /** bigint: node-postgres hands it over as text. */
  readonly block_number: string;
  readonly name: string;
  readonly object_key: string;
  readonly payload: { readonly data?: unknown };
  readonly emitted_at: Date;
}

type Judgement = Omit<Alarm, 'transactionId' | 'blockNumber' | 'at' | 'event'>;
/** Whether an event of `N` alarms, and how: its data as the chaincode's event catalogue types it, and its key. */
type Judge<N extends EventName> = (data: EventPayloads[N], key: string) => Judgement | null;

const lookBackOpened: Judge<'LookBackOpened' | 'LookBackCompleted'> = (data, key) => ({
  severity: 'critical',
  objectType: 'look-back-case',
  objectId: key,
  summary:
    data.status === 'complete'
      ? `look-back ${key} complete: ${data.counts.donations} donation(s), ${data.counts.pools} pool(s), ${data.counts.lots} lot(s) affected`
      : `look-back ${key} opened`,
});

/**
 * Every chaincode event and whether it alarms: `null` never does. A new event in the catalogue fails to compile here
 * until someone decides whether those watching the network must act on it.
 */
const JUDGES: { readonly [N in EventName]: Judge<N> | null } = {
  ConsortiumInitialised: null,
  RegistryChanged: null,
  // Governance paperwork: the admins who must approve are those who act, each on their own gateway; no alarm.
  RegistryChangeProposed: null,
  RegistryChangeApproved: null,
  RegistryChangeWithdrawn: null,
  RuleSetsSeeded: null,
  RuleSetChanged: null,
  DonationRecorded: null,
  DonationsRecorded: null,
  // A reactive screening rejects the bag at its station; the station's QA acts on it there, not the network's watchers.
  DonationScreened: null,
  DonationStored: null,
  DonationsPutOnHold: (data, key) => ({
    severity: 'major',
    objectType: data.evidence ? 'excursion' : 'donation',
    objectId: key,
    summary: `${data.dins.length} donation(s) put on hold: ${data.kind} excursion, peak ${data.excursion.maxTemperatureC} °C`,
  }),
  DonationHoldResolved: null,
  // The label hold it lifts was the receipt's finding, and the receipt raises no alarm either; QA acts on it at the factory.
  LabelCorrected: null,
  DonationsQuarantined: null,
  DonationsReleased: null,
  DonationDestroyed: null,
  DonationCorrectionProposed: null,
  DonationCorrectionReviewed: null,
  DonorDeferred: null,
  DeferralLifted: null,
  ShipmentDispatched: null,
  ShipmentReceived: null,
  TestResultRecorded: (data, key) =>
    data.oos || data.conclusion === 'fail'
      ? {
          severity: 'critical',
          objectType: 'test-result',
          objectId: key,
          summary: `${data.analyte} on ${data.subject.kind} ${data.subject.id}: ${data.result}${data.oos ? ' (out of specification)' : ''}`,
        }
      : null,
  OosInvestigationClosed: null,
  PoolCreated: null,
  DonationsPooled: null,
  PoolClosed: null,
  LotCreated: null,
  // A step out of its master batch record's range raises its deviations in the same transaction, announced with the step.
  ProcessStepRecorded: (data, key) =>
    data.outOfRange !== undefined && data.outOfRange.length > 0
      ? {
          severity: 'major',
          objectType: 'lot',
          objectId: key,
          summary: `step ${data.seq} (${data.step}) out of its master batch record's range: ${data.outOfRange.join(', ')}; major deviation(s) raised`,
        }
      : null,
  DeviationRaised: (data, key) => ({
    severity: data.classification === 'critical' ? 'critical' : data.classification === 'major' ? 'major' : 'minor',
    objectType: 'lot',
    objectId: key,
    summary: `${data.classification} deviation ${data.deviationId}: ${data.description}`,
  }),
  DeviationClosed: null,
  LotQaReleased: null,
  LotReleasedByRegulator: null,
  LotPutOnHold: (_data, key) => ({ severity: 'major', objectType: 'lot', objectId: key, summary: `lot ${key} put on hold` }),
  LotHoldReleased: null,
  MasterBatchRecordDefined: null,
  LotRecalled: (data, key) => ({
    severity: 'critical',
    objectType: 'lot',
    objectId: key,
    summary: `lot ${key} recalled: ${data.recall.reason}`,
  }),
  UnitsCommissioned: null,
  CasePacked: null,
  CasesShipped: null,
  LookBackOpened: lookBackOpened,
  LookBackProgressed: null,
  // A look-back small enough to finish in its opening transaction emits only this.
  LookBackCompleted: lookBackOpened,
  LookBackRequested: null,
  LookBackRequestDeclined: null,
  LookBackConcluded: null,
  DeviceRegistered: null,
  ReadingsAnchored: null,
  SecurityLogAnchored: null,
};

export const ALARM_EVENTS: readonly EventName[] = EVENT_NAMES.filter((name) => JUDGES[name] !== null);

function alarmOf(row: EventRow): Alarm | null {
  if (!isEventName(row.name)) return null;
  // One cast where TypeScript cannot follow that the row's name picks its judge's type; the data is the chaincode's.
  const judge = JUDGES[row.name] as Judge<EventName> | null;
  const judged = judge?.(row.payload.data as EventPayloads[EventName], row.object_key) ?? null;
  return judged
    ? { ...judged, transactionId: row.tx_id, blockNumber: Number(row.block_number), at: row.emitted_at, event: row.name }
    : null;
}

const RECENT_PAGE = 500;
const RECENT_PAGES = 20;
const SELECT = `SELECT e.tx_id, t.block_number, t.tx_index, e.name, e.object_key, e.payload, e.emitted_at
                  FROM ledger_events e JOIN transactions t USING (tx_id)`;

/** Those of some alarms their reader may see (read scopes: a station sees its own donations' alarms, not another's). */
export type AlarmFilter = (alarms: readonly Alarm[]) => Promise<Alarm[]>;

export interface AlarmRepository {
  /** The newest `limit` alarms the reader may see, newest first, among the newest 10,000 events that may raise one. */
  recent(limit: number, visible: AlarmFilter): Promise<Alarm[]>;
  /** The alarms a freshly indexed block raised, in block order. */
  ofBlock(channel: string, blockNumber: number): Promise<Alarm[]>;
}

export function alarmRepository(pool: Pool): AlarmRepository {
  const judged = (rows: EventRow[]): Alarm[] => rows.map(alarmOf).filter((a): a is Alarm => a !== null);
  return {
    // Pages back through the candidate events until `limit` are judged alarms the reader sees: most test results
    // pass, and a station sees its own bags' alarms only, so a page of candidates may hold few alarms or none. So
    // that a reader with few alarms does not read the whole history each time, it looks RECENT_PAGES pages back at most.
    async recent(limit, visible) {
      const found: Alarm[] = [];
      let before: [number, number] = [Number.MAX_SAFE_INTEGER, 0];
      for (let page = 1; ; page += 1) {
        const { rows } = await pool.query<EventRow & { tx_index: number }>(
          `${SELECT} WHERE e.name = ANY($1) AND (t.block_number, t.tx_index) < ($2, $3)
            ORDER BY t.block_number DESC, t.tx_index DESC LIMIT $4`,
          [ALARM_EVENTS, before[0], before[1], RECENT_PAGE],
        );
        found.push(...(await visible(judged(rows))));
        if (found.length >= limit || rows.length < RECENT_PAGE || page === RECENT_PAGES) return found.slice(0, limit);
        const last = rows.at(-1)!;
        before = [Number(last.block_number), last.tx_index];
      }
    },
    async ofBlock(channel, blockNumber) {
      const { rows } = await pool.query<EventRow>(
        `${SELECT} WHERE t.channel = $1 AND t.block_number = $2 AND e.name = ANY($3) ORDER BY t.tx_index`,
        [channel, blockNumber, ALARM_EVENTS],
      );
      return judged(rows);
    },
  };
}

/**
 * The alarms of each block of `channel` as it is indexed, for the alarmRaised subscription. A Repeater rather than an
 * async generator: a subscriber who leaves while the stream waits for the next block (most of the time) lets go of
 * the block stream at once, where a generator would keep it, and query every block for them, until an alarm came.
 */
export function alarmStream(
  blocks: AsyncIterable<BlockIndexed>,
  repository: Pick<AlarmRepository, 'ofBlock'>,
  channel: string,
  visible: AlarmFilter,
): AsyncIterable<Alarm> {
  return new Repeater<Alarm>(async (push, stop) => {
    const indexed = blocks[Symbol.asyncIterator]();
    void stop.then(() => indexed.return?.());
    for (let next = await indexed.next(); next.done !== true; next = await indexed.next()) {
      if (next.value.channel !== channel) continue;
      for (const alarm of await visible(await repository.ofBlock(channel, next.value.number))) await push(alarm);
    }
    stop();
  });
}
