// A slice of the GraphQL API: its type definitions and thin resolvers over the services it was built with.
// The server lists its modules; a new domain adds one module and one line there.
import { readFileSync } from 'node:fs';
import type { createSchema } from 'graphql-yoga';
import type { GatewayContext } from './context';

/** One module's resolver map (createSchema also takes a list of them, which is how modules are merged). */
export type Resolvers = Exclude<NonNullable<Parameters<typeof createSchema<GatewayContext>>[0]['resolvers']>, readonly unknown[]>;

export interface GraphQLModule {
  readonly typeDefs: string;
  readonly resolvers: Resolvers;
}

/** A module's schema file, kept beside its resolvers as plain SDL. */
export const schemaFile = (directory: string, file: string): string => readFileSync(`${directory}/${file}`, 'utf8');
