// What every other module builds on: the DateTime scalar.
import { GraphQLScalarType, Kind } from 'graphql';
import type { GraphQLModule } from '../../module';
import { schemaFile } from '../../module';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 instant with a time zone');
  return date;
}

const dateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const baseModule = (): GraphQLModule => ({
  typeDefs: schemaFile(__dirname, 'base.graphql'),
  resolvers: { DateTime: dateTime },
});
