// Alarms: the ledger events someone watching the network must act on (donations put on hold, an OOS or failed test,
// a deviation, a lot held or recalled, a look-back), as the gateway judges them: the newest, and each as it is raised.
import { operation } from '../graphql/operation';

export type AlarmSeverity = 'critical' | 'major' | 'minor';

export interface Alarm {
  readonly transactionId: string;
  readonly blockNumber: number;
  readonly at: string;
  /** The chaincode event that raised it, e.g. LookBackOpened. */
  readonly event: string;
  readonly severity: AlarmSeverity;
  /** The ledger object it is about: donation, lot, look-back-case, test-result, excursion. */
  readonly objectType: string;
  readonly objectId: string;
  readonly summary: string;
}

export const RECENT_ALARMS = operation<{ alarms: readonly Alarm[] }, { last: number }>(/* GraphQL */ `
  query RecentAlarms($last: Int!) { alarms(last: $last) { transactionId blockNumber at event severity objectType objectId summary } }`);

export const ALARM_RAISED = operation<{ alarmRaised: Alarm }>(/* GraphQL */ `
  subscription AlarmRaised { alarmRaised { transactionId blockNumber at event severity objectType objectId summary } }`);

/** One alarm is one event of one transaction about one object. */
export const alarmKey = (alarm: Alarm): string => `${alarm.transactionId}/${alarm.event}/${alarm.objectType}/${alarm.objectId}`;

/** How each severity looks: a badge tone of ui/StatusBadge's palette. */
export const SEVERITY_TONE: Readonly<Record<AlarmSeverity, string>> = { critical: 'stop', major: 'wait', minor: 'neutral' };
