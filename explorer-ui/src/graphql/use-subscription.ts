// Follows a subscription while a page shows, when the gateway serves it; pages use it to reload on news.
import { useEffect, useRef, useState } from 'react';
import { useGraphQL } from './graphql-context';
import type { Operation } from './operation';
import type { SchemaField } from './served-fields';

export type LiveState = 'live' | 'connecting' | 'not served';

export function useSubscription<TData, TVariables>(
  field: SchemaField, operation: Operation<TData, TVariables>, variables: TVariables, onData: (data: TData) => void,
): LiveState {
  const { client, served } = useGraphQL();
  const available = served.has(field);
  const [state, setState] = useState<LiveState>(available ? 'connecting' : 'not served');
  const latest = useRef(onData);
  latest.current = onData;
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (!available) return undefined;
    return client.subscribe(operation, JSON.parse(key) as TVariables, {
      open: () => setState('live'),
      next: (data) => latest.current(data),
      error: () => setState('connecting'),
    });
  }, [client, operation, key, available]);
  return state;
}
