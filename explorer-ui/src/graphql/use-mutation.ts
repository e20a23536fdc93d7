// Runs a mutation on demand, keeping whether it runs and how it failed for the form that sent it.
import { useCallback, useState } from 'react';
import { useGraphQL } from './graphql-context';
import type { Operation } from './operation';

export interface MutationState<TData, TVariables> {
  run(variables: TVariables): Promise<TData | undefined>;
  readonly running: boolean;
  readonly error: Error | undefined;
  readonly data: TData | undefined;
}

export function useMutation<TData, TVariables>(operation: Operation<TData, TVariables>): MutationState<TData, TVariables> {
  const { client } = useGraphQL();
  const [state, setState] = useState<{ running: boolean; error?: Error; data?: TData }>({ running: false });
  const run = useCallback(
    async (variables: TVariables) => {
      setState({ running: true });
      try {
        const data = await client.request(operation, variables);
        setState({ running: false, data });
        return data;
      } catch (error) {
        setState({ running: false, error: error instanceof Error ? error : new Error(String(error)) });
        return undefined;
      }
    },
    [client, operation],
  );
  return { run, running: state.running, error: state.error, data: state.data };
}
