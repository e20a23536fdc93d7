// The header's alarm count: how many alarms were raised in the last 24 hours, red when one of them is critical,
// leading to the list on the home page. Shown only when there is something to count.
import { Link } from '../router/router';
import { SEVERITY_TONE } from './alarm-operations';
import { KEPT_ALARMS, useAlarmFeed } from './alarm-feed';

const DAY_MS = 86_400_000;

export function AlarmCount() {
  const { alarms } = useAlarmFeed();
  const since = Date.now() - DAY_MS;
  const today = alarms.filter((alarm) => Date.parse(alarm.at) >= since);
  if (today.length === 0) return null;
  const critical = today.filter((alarm) => alarm.severity === 'critical').length;
  // Only the newest KEPT_ALARMS are held: a day with more says so rather than undercount.
  const count = today.length >= KEPT_ALARMS ? `${KEPT_ALARMS}+` : String(today.length);
  const title = `${count} alarm${count === '1' ? '' : 's'} in the last 24 hours${critical > 0 ? `, ${critical} critical` : ''}`;
  return (
    <Link
      to="/#alarms"
      className={`badge alarm-count ${critical > 0 ? SEVERITY_TONE.critical : SEVERITY_TONE.major}`}
      title={title}
      aria-label={title}
      data-testid="alarm-count"
    >
      {count} alarm{count === '1' ? '' : 's'}
    </Link>
  );
}
