// The alarms of the network for every part of a signed-in page (the header's count, the home page's list): the newest
// from the gateway, then each one as the block that raised it is indexed. One query and one stream per tab.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '../graphql/use-query';
import { useSubscription, type LiveState } from '../graphql/use-subscription';
import { ALARM_RAISED, alarmKey, RECENT_ALARMS, type Alarm } from './alarm-operations';

/** How many of the newest alarms are kept: enough for a day's count on a busy network, few enough to list. */
export const KEPT_ALARMS = 50;

export interface AlarmFeed {
  /** Newest first. */
  readonly alarms: readonly Alarm[];
  readonly error: Error | undefined;
  readonly live: LiveState;
}

const AlarmFeedContext = createContext<AlarmFeed>({ alarms: [], error: undefined, live: 'connecting' });

export function AlarmFeedProvider({ children }: { readonly children: ReactNode }) {
  const recent = useQuery(RECENT_ALARMS, { last: KEPT_ALARMS });
  const [raised, setRaised] = useState<readonly Alarm[]>([]);
  const onRaised = useCallback(
    (data: { alarmRaised: Alarm }) => setRaised((list) => [data.alarmRaised, ...list].slice(0, KEPT_ALARMS)),
    [],
  );
  const live = useSubscription(ALARM_RAISED, {}, onRaised);
  // Each time the stream (re)opens, the list is read again: alarms raised while it was not open are not missed.
  const { reload } = recent;
  useEffect(() => {
    if (live === 'live') reload();
  }, [live, reload]);

  const alarms = useMemo(() => {
    const seen = new Set<string>();
    return (
      [...raised, ...(recent.data?.alarms ?? [])]
        .filter((alarm) => !seen.has(alarmKey(alarm)) && Boolean(seen.add(alarmKey(alarm))))
        // Stable: alarms of one block keep the order they came in.
        .sort((a, b) => b.blockNumber - a.blockNumber)
        .slice(0, KEPT_ALARMS)
    );
  }, [raised, recent.data]);

  const feed = useMemo(() => ({ alarms, error: recent.error, live }), [alarms, recent.error, live]);
  return <AlarmFeedContext.Provider value={feed}>{children}</AlarmFeedContext.Provider>;
}

export const useAlarmFeed = (): AlarmFeed => useContext(AlarmFeedContext);
