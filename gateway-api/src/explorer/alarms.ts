// Alarms: the ledger events someone watching the network must act on. The one place that says which events
// are alarms and how serious they are; the subscription and the list of recent alarms both read it.
import { Repeater } from 'graphql-yoga';
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
  readonly block_number: number;
  readonly name: string;
  readonly object_key: string;
  readonly payload: { data?: Record<string, any> };
  readonly emitted_at: Date;
}

type Judge = (data: Record<string, any>, key: string) => Omit<Alarm, 'transactionId' | 'blockNumber' | 'at' | 'event'> | null;

const count = (list: unknown): number => (Array.isArray(list) ? list.length : 0);

/** Event name → whether and how it alarms. Events not listed never do. */
const JUDGES: Record<string, Judge> = {
  DonationsPutOnHold: (data, key) => ({
    severity: 'major', objectType: data.evidence ? 'excursion' : 'donation', objectId: key,
    summary: `${count(data.dins)} donation(s) put on hold: ${data.kind ?? 'hold'}${data.excursion?.maxTemperatureC !== undefined ? ` excursion, peak ${data.excursion.maxTemperatureC} °C` : ''}`,
  }),
  TestResultRecorded: (data, key) => (data.oos || data.conclusion === 'fail'
    ? { severity: 'critical', objectType: 'test-result', objectId: key, summary: `${data.analyte} on ${data.subject?.kind} ${data.subject?.id}: ${data.result}${data.oos ? ' (out of specification)' : ''}` }
    : null),
  DeviationRaised: (data, key) => ({
    severity: data.classification === 'critical' ? 'critical' : data.classification === 'major' ? 'major' : 'minor',
    objectType: 'lot', objectId: key, summary: `${data.classification} deviation ${data.deviationId}: ${data.description}`,
  }),
  LotPutOnHold: (data, key) => ({ severity: 'major', objectType: 'lot', objectId: key, summary: `lot ${key} put on hold` }),
  LotRecalled: (data, key) => ({ severity: 'critical', objectType: 'lot', objectId: key, summary: `lot ${key} recalled: ${data.recall?.reason ?? ''}`.trim() }),
  LookBackOpened: (data, key) => ({ severity: 'critical', objectType: 'look-back-case', objectId: key, summary: `look-back ${key} opened` }),
  // A look-back small enough to finish in its opening transaction emits only this.
  LookBackCompleted: (data, key) => ({
    severity: 'critical', objectType: 'look-back-case', objectId: key,
    summary: `look-back ${key} complete: ${data.counts?.donations ?? 0} donation(s), ${data.counts?.pools ?? 0} pool(s), ${data.counts?.lots ?? 0} lot(s) affected`,
  }),
};

export const ALARM_EVENTS = Object.keys(JUDGES);

function alarmOf(row: EventRow): Alarm | null {
  const judged = JUDGES[row.name]?.(row.payload.data ?? {}, row.object_key);
  return judged ? { ...judged, transactionId: row.tx_id, blockNumber: Number(row.block_number), at: row.emitted_at, event: row.name } : null;
}

const RECENT_PAGE = 500;
const SELECT = `SELECT e.tx_id, t.block_number, t.tx_index, e.name, e.object_key, e.payload, e.emitted_at
                  FROM ledger_events e JOIN transactions t USING (tx_id)`;

export interface AlarmRepository {
  /** The newest alarms, newest first. */
  recent(limit: number): Promise<Alarm[]>;
  /** The alarms a freshly indexed block raised, in block order. */
  ofBlock(channel: string, blockNumber: number): Promise<Alarm[]>;
}

export function alarmRepository(pool: Pool): AlarmRepository {
  const judged = (rows: EventRow[]): Alarm[] => rows.map(alarmOf).filter((a): a is Alarm => a !== null);
  return {
    // Pages back through the candidate events until `limit` are judged alarms: most test results pass, so a page
    // of candidates may hold few alarms or none.
    async recent(limit) {
      const found: Alarm[] = [];
      let before: [number, number] = [Number.MAX_SAFE_INTEGER, 0];
      for (;;) {
        const { rows } = await pool.query<EventRow & { tx_index: number }>(
          `${SELECT} WHERE e.name = ANY($1) AND (t.block_number, t.tx_index) < ($2, $3)
            ORDER BY t.block_number DESC, t.tx_index DESC LIMIT $4`,
          [ALARM_EVENTS, before[0], before[1], RECENT_PAGE]);
        found.push(...judged(rows));
        if (found.length >= limit || rows.length < RECENT_PAGE) return found.slice(0, limit);
        const last = rows.at(-1)!;
        before = [Number(last.block_number), last.tx_index];
      }
    },
    async ofBlock(channel, blockNumber) {
      const { rows } = await pool.query<EventRow>(`${SELECT} WHERE t.channel = $1 AND t.block_number = $2 AND e.name = ANY($3) ORDER BY t.tx_index`, [channel, blockNumber, ALARM_EVENTS]);
      return judged(rows);
    },
  };
}

/**
 * The alarms of each block of `channel` as it is indexed, for the alarmRaised subscription. A Repeater rather than an
 * async generator: a subscriber who leaves while the stream waits for the next block (most of the time) lets go of
 * the block stream at once, where a generator would keep it, and query every block for them, until an alarm came.
 */
export function alarmStream(blocks: AsyncIterable<BlockIndexed>, repository: Pick<AlarmRepository, 'ofBlock'>, channel: string): AsyncIterable<Alarm> {
  return new Repeater<Alarm>(async (push, stop) => {
    const indexed = blocks[Symbol.asyncIterator]();
    void stop.then(() => indexed.return?.());
    for (let next = await indexed.next(); next.done !== true; next = await indexed.next()) {
      if (next.value.channel !== channel) continue;
      for (const alarm of await repository.ofBlock(channel, next.value.number)) await push(alarm);
    }
    stop();
  });
}
