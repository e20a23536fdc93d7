// A small GraphQL-over-HTTP client speaking to the gateway exactly as a person's browser does: sign in, then
// every request with `Authorization: Bearer <token>`. Each request is a typed operation (operations.ts), so its
// answer comes back typed; errors keep the gateway's stable code and field.
import type { Operation } from './operation';
import { Login } from './operations';

export class GraphQLRequestError extends Error {
  constructor(
    /** The gateway's `extensions.code` (VALIDATION, FORBIDDEN, CONFLICT, ...), or HTTP when there was no GraphQL answer. */
    readonly code: string,
    message: string,
    readonly field?: string,
    /** For PENDING and other failures on the ledger: the transaction concerned. */
    readonly transactionId?: string,
  ) {
    super(field === undefined || message.startsWith(`${field}:`) ? `${code}: ${message}` : `${code}: ${field}: ${message}`);
    this.name = 'GraphQLRequestError';
  }
}

interface Answer {
  readonly data?: unknown;
  readonly errors?: readonly { message: string; extensions?: { code?: string; field?: string; transactionId?: string } }[];
}

export interface GraphQLClient {
  /** The answer's `data`, or a GraphQLRequestError of its first error. */
  request<TData, TVariables>(operation: Operation<TData, TVariables>, variables: TVariables, token?: string): Promise<TData>;
  /** Signs in and returns the bearer token. */
  login(org: string, username: string, password: string): Promise<string>;
}

/** `url` is an organisation's gateway's base, e.g. http://127.0.0.1:4300 (the Factory's). */
export function graphqlClient(url: string): GraphQLClient {
  const endpoint = new URL('/graphql', url).toString();
  const request = async <TData, TVariables>(
    operation: Operation<TData, TVariables>,
    variables: TVariables,
    token?: string,
  ): Promise<TData> => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query: operation.document, variables }),
    });
    const text = await response.text();
    let answer: Answer;
    try {
      answer = JSON.parse(text) as Answer;
    } catch {
      throw new GraphQLRequestError('HTTP', `${endpoint} answered ${response.status} without a GraphQL answer: ${text.slice(0, 200)}`);
    }
    const error = answer.errors?.[0];
    if (error) {
      const { code = 'UNKNOWN', field, transactionId } = error.extensions ?? {};
      throw new GraphQLRequestError(code, error.message, field, transactionId);
    }
    if (answer.data === undefined || answer.data === null)
      throw new GraphQLRequestError('HTTP', `${endpoint} answered ${response.status} without data or errors`);
    // The document's selection is the answer's shape: the schema the gateway validated it against vouches for it.
    return answer.data as TData;
  };
  return {
    request,
    async login(org, username, password) {
      return (await request(Login, { org, username, password })).login.token;
    },
  };
}
