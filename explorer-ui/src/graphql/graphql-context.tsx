// Hands the GraphQL client to every page.
import { createContext, useContext } from 'react';
import type { GraphQLClient } from './client';

export interface GraphQLContextValue {
  readonly client: GraphQLClient;
}

export const GraphQLContext = createContext<GraphQLContextValue | undefined>(undefined);

export function useGraphQL(): GraphQLContextValue {
  const value = useContext(GraphQLContext);
  if (value === undefined) throw new Error('useGraphQL is used outside the GraphQL provider');
  return value;
}
