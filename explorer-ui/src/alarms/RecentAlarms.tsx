// The newest alarms, newest first, kept current as they are raised: how serious, what happened, the object it is
// about (linked where the explorer has its page) and the transaction that raised it.
import { objectPage, paths } from '../app/object-paths';
import { Link } from '../router/router';
import { Hash } from '../ui/Hash';
import { Instant } from '../ui/Instant';
import { Panel } from '../ui/Panel';
import { SEVERITY_TONE, alarmKey, type Alarm } from './alarm-operations';
import { useAlarmFeed } from './alarm-feed';

const SHOWN = 10;

function AlarmObject({ alarm }: { readonly alarm: Alarm }) {
  const to = objectPage(alarm.objectType, alarm.objectId);
  const name = <code>{alarm.objectId}</code>;
  return (
    <span className="muted">
      {alarm.objectType} {to ? <Link to={to}>{name}</Link> : name}
    </span>
  );
}

export function RecentAlarms() {
  const feed = useAlarmFeed();
  const shown = feed.alarms.slice(0, SHOWN);
  return (
    <Panel
      title="Alarms"
      aside={
        <span className="muted" data-testid="alarms-live">
          {feed.live === 'live' ? 'Live: each alarm as its block is indexed' : 'Not live: reload to see new alarms'}
        </span>
      }
    >
      <div id="alarms" data-testid="alarms">
        {feed.error && (
          <p className="notice error" role="alert">
            The alarms could not be read: {feed.error.message}
          </p>
        )}
        {!feed.error && shown.length === 0 && <p className="muted">No alarm has been raised.</p>}
        {shown.length > 0 && (
          <ul className="plain alarms">
            {shown.map((alarm) => (
              <li key={alarmKey(alarm)} data-testid="alarm" data-severity={alarm.severity}>
                <span className={`badge ${SEVERITY_TONE[alarm.severity]}`}>{alarm.severity}</span>{' '}
                <span className="alarm-summary">{alarm.summary}</span>
                <div className="alarm-meta">
                  <AlarmObject alarm={alarm} /> · <Instant at={alarm.at} /> · <code>{alarm.event}</code> in{' '}
                  <Link to={paths.transaction(alarm.transactionId)}>
                    <Hash value={alarm.transactionId} keep={8} />
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}
