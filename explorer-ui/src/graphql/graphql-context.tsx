// Hands the GraphQL client and the gateway's served fields to every page.
import { createContext, useContext } from 'react';
import type { GraphQLClient } from './client';
import type { ServedFields } from './served-fields';

export interface GraphQLContextValue {
  readonly client: GraphQLClient;
  readonly served: ServedFields;
}

export const GraphQLContext = createContext<GraphQLContextValue | undefined>(undefined);

export function useGraphQL(): GraphQLContextValue {
  const value = useContext(GraphQLContext);
  if (value === undefined) throw new Error('useGraphQL is used outside the GraphQL provider');
  return value;
}
