// Runs a query when a page shows and again when its variables change or it asks to reload; stale answers of
// earlier variables are dropped.
import { useCallback, useEffect, useState } from 'react';
import { useGraphQL } from './graphql-context';
import type { Operation } from './operation';

export interface QueryState<TData> {
  readonly data: TData | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useQuery<TData, TVariables>(
  operation: Operation<TData, TVariables>,
  variables: TVariables,
  options: { readonly skip?: boolean } = {},
): QueryState<TData> {
  const { client } = useGraphQL();
  const [state, setState] = useState<{ data?: TData; error?: Error; loading: boolean }>({ loading: !options.skip });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (options.skip) return undefined;
    const abort = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    client.request(operation, JSON.parse(key) as TVariables, abort.signal).then(
      (data) => !abort.signal.aborted && setState({ data, loading: false }),
      (error: unknown) =>
        !abort.signal.aborted && setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    return () => abort.abort();
  }, [client, operation, key, round, options.skip]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
