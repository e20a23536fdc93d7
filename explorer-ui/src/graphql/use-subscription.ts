// Follows a subscription while a page shows; pages use it to reload on news.
import { useEffect, useRef, useState } from 'react';
import { useGraphQL } from './graphql-context';
import type { Operation } from './operation';

export type LiveState = 'live' | 'connecting';

export function useSubscription<TData, TVariables>(
  operation: Operation<TData, TVariables>,
  variables: TVariables,
  onData: (data: TData) => void,
): LiveState {
  const { client } = useGraphQL();
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(onData);
  latest.current = onData;
  const key = JSON.stringify(variables);

  useEffect(
    () =>
      client.subscribe(operation, JSON.parse(key) as TVariables, {
        open: () => setState('live'),
        next: (data) => latest.current(data),
        error: () => setState('connecting'),
      }),
    [client, operation, key],
  );
  return state;
}
