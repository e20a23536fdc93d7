// Alarms: the ledger events someone watching the network must act on (donations put on hold, an OOS or failed test,
// a deviation, a lot held or recalled, a look-back), as the gateway judges them: the newest, and each as it is raised.
import type {
  AlarmRaisedSubscription,
  AlarmRaisedSubscriptionVariables,
  AlarmSeverity,
  RecentAlarmsQuery,
  RecentAlarmsQueryVariables,
} from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/** An alarm as both documents select it: the event that raised it (e.g. LookBackOpened) and the object it is about. */
export type Alarm = AlarmRaisedSubscription['alarmRaised'];

export const RECENT_ALARMS = operation<RecentAlarmsQuery, RecentAlarmsQueryVariables>(/* GraphQL */ `
  query RecentAlarms($last: Int!) {
    alarms(last: $last) {
      transactionId
      blockNumber
      at
      event
      severity
      objectType
      objectId
      summary
    }
  }
`);

export const ALARM_RAISED = operation<AlarmRaisedSubscription, AlarmRaisedSubscriptionVariables>(/* GraphQL */ `
  subscription AlarmRaised {
    alarmRaised {
      transactionId
      blockNumber
      at
      event
      severity
      objectType
      objectId
      summary
    }
  }
`);

/** One alarm is one event of one transaction about one object. */
export const alarmKey = (alarm: Alarm): string => `${alarm.transactionId}/${alarm.event}/${alarm.objectType}/${alarm.objectId}`;

/** How each severity looks: a badge tone of ui/StatusBadge's palette. */
export const SEVERITY_TONE: Readonly<Record<AlarmSeverity, string>> = { critical: 'stop', major: 'wait', minor: 'neutral' };
