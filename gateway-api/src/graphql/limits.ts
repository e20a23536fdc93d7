// Limits on what one operation may ask (graphql-armor): depth, cost, aliases, tokens and directives, and no
// field suggestions that would reveal the schema to someone probing it; besides armor's, a count of the fields that
// probe the network or export, and the schema itself (introspection) for signed-in people only. Refusals carry
// QUERY_TOO_COMPLEX, an anonymous introspection UNAUTHENTICATED.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { BREAK, GraphQLError, visit, type DocumentNode, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors';
import type { GatewayContext } from './context';
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

/**
 * Fields whose one selection costs the gateway what thousands of others do: a probe of every node of the network, an
 * export of a whole trail or lot, a verification against the ledger, an operation signed by a device. armor's cost
 * counts each as one field.
 */
const EXPENSIVE_FIELDS: ReadonlySet<string> = new Set([
  'networkStatus',
  'auditTrailExport',
  'epcisExport',
  'verification',
  // Runs a whole operation of its own (limited as if sent alone), and waits in memory for its device.
  'prepareTransaction',
  // Reads and hashes the whole security log.
  'securityLogCheck',
]);
/** How many expensive fields one operation may select (aliases of one field count each). */
const MAX_EXPENSIVE_FIELDS = 2;

const expensiveFields: ValidationRule = (context) => {
  let selected = 0;
  return {
    Field(node) {
      if (!EXPENSIVE_FIELDS.has(node.name.value)) return;
      selected += 1;
      if (selected === MAX_EXPENSIVE_FIELDS + 1) {
        context.reportError(
          new GraphQLError(
            `an operation may select at most ${MAX_EXPENSIVE_FIELDS} of the fields that probe the network, export, sign or check a whole log (${[...EXPENSIVE_FIELDS].join(', ')})`,
            { nodes: node, extensions: { code: RequestErrorCode.QueryTooComplex, http: { status: 400 } } },
          ),
        );
      }
    },
  };
};

const armorOptions = (limits: QueryLimits) => ({
  // Fragments count as the fields they stand for, so a client's shared selections cost it no depth of their own.
  maxDepth: { n: limits.maxDepth, flattenFragments: true, onReject: refuse },
  costLimit: { maxCost: limits.maxCost, onReject: refuse },
  maxAliases: { n: limits.maxAliases, onReject: refuse },
  maxTokens: { n: limits.maxTokens, onReject: refuse },
  maxDirectives: { onReject: refuse },
  blockFieldSuggestion: { enabled: true },
});

export function queryLimits(limits: QueryLimits): Plugin {
  return EnvelopArmorPlugin(armorOptions(limits));
}

/**
 * The same limits as validation rules, for an operation the gateway runs itself (the one prepareTransaction is given):
 * depth, cost, aliases and expensive fields. Its tokens are limited where it is parsed.
 */
export function operationLimitRules(limits: QueryLimits): ValidationRule[] {
  const options = armorOptions(limits);
  return [maxDepthRule(options.maxDepth), costLimitRule(options.costLimit), maxAliasesRule(options.maxAliases), expensiveFields];
}

/** At most MAX_EXPENSIVE_FIELDS expensive fields in one operation. */
export function expensiveFieldLimit(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(expensiveFields) };
}

const asksForTheSchema = (document: DocumentNode): boolean => {
  let asks = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      asks = true;
      return BREAK;
    },
  });
  return asks;
};

/** The schema (`__schema`, `__type`; `__typename` is no secret) is shown to signed-in people only. */
export function introspectionForSignedIn(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      if (args.contextValue.person === undefined && asksForTheSchema(args.document as DocumentNode)) {
        throw new GraphQLError('sign in to read the schema', { extensions: { code: ErrorCode.Unauthenticated } });
      }
    },
  };
}
