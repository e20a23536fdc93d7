// How failures reach GraphQL clients: a GatewayError keeps its stable code in `extensions.code` (with its
// field, retry delay or transaction id); a variable of the wrong type is VALIDATION naming the field;
// GraphQL's other request errors pass as they are; anything else is logged under an id and masked, so no
// internal detail leaks.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { ErrorCode, GatewayError } from '../errors';

/** Codes of the GraphQL layer itself, beside the services' ErrorCode. */
export const RequestErrorCode = {
  /** The operation exceeds a depth, cost, alias or token limit. */
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  /** The HTTP body is larger than the configured limit. */
  RequestTooLarge: 'REQUEST_TOO_LARGE',
  /** The HTTP body is not JSON, or not valid JSON. */
  BadRequest: 'BAD_REQUEST',
  /** Unexpected: masked; the log holds the detail under `extensions.errorId`. */
  Internal: 'INTERNAL',
} as const;

const MASKED_MESSAGE = 'Unexpected error.';

export type ErrorLog = (errorId: string, error: unknown) => void;

/** For yoga's `maskedErrors.maskError`. */
export function maskError(log: ErrorLog): (error: unknown, message: string) => Error {
  return (error) => {
    const located = error instanceof GraphQLError ? error : undefined;
    const original = located ? located.originalError : error;
    const answer = (message: string, extensions: Record<string, unknown>): GraphQLError =>
      new GraphQLError(message, { nodes: located?.nodes, path: located?.path, extensions });

    if (original instanceof GatewayError) return answer(original.message, { code: original.code, ...original.details });
    // GraphQL's own errors about the request (syntax, unknown fields, variables, the query limits).
    if (located && (original == null || original instanceof GraphQLError)) {
      const field = invalidVariableField(located.message);
      // Keeps yoga's own extensions (the HTTP status) beside the code.
      return field === undefined ? located : answer(located.message, { ...located.extensions, code: ErrorCode.Validation, field });
    }
    const errorId = randomUUID();
    log(errorId, original);
    // Still logged (the operator needs to know), but the client learns it may try again, not that something broke.
    if (isDatabaseUnavailable(original))
      return answer("the organisation's database cannot be reached or is restarting; try again shortly", {
        code: ErrorCode.DatabaseUnavailable,
        errorId,
      });
    return answer(MASKED_MESSAGE, { code: RequestErrorCode.Internal, errorId });
  };
}

/**
 * The input field a variable-coercion error of graphql-js 16 is about, relative to the variable:
 * `Variable "$input" got invalid value "abc" at "input.volumeMl"; ...` names volumeMl, and
 * `...; Field "productCode" of required type "String!" was not provided.` names productCode.
 */
function invalidVariableField(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; /s.exec(message);
  if (!variable) return undefined;
  const at = variable[2]?.split('.').slice(1) ?? [];
  const missing = /Field "(\w+)" of required type "[^"]+" was not provided\.$/.exec(message)?.[1];
  const field = [...at, ...(missing ? [missing] : [])].join('.');
  return field === '' ? variable[1] : field;
}
