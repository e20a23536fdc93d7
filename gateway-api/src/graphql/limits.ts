// Limits on what one operation may ask (graphql-armor): depth, cost, aliases, tokens and directives, and no
// field suggestions that would reveal the schema to someone probing it. Refusals carry QUERY_TOO_COMPLEX.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../config';
import { RequestErrorCode } from './errors';

// armor's handlers run before it throws its own error; throwing ours instead gives the refusal a code.
const refuse = [
  (_context: unknown, error: GraphQLError): never => {
    throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
      extensions: { code: RequestErrorCode.QueryTooComplex, http: { status: 400 } }, // yoga answers with the status and drops `http`
    });
  },
];

export function queryLimits(limits: QueryLimits): Plugin {
  return EnvelopArmorPlugin({
    // Fragments count as the fields they stand for, so a client's shared selections cost it no depth of their own.
    maxDepth: { n: limits.maxDepth, flattenFragments: true, onReject: refuse },
    costLimit: { maxCost: limits.maxCost, onReject: refuse },
    maxAliases: { n: limits.maxAliases, onReject: refuse },
    maxTokens: { n: limits.maxTokens, onReject: refuse },
    maxDirectives: { onReject: refuse },
    blockFieldSuggestion: { enabled: true },
  });
}
