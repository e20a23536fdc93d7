// The explorer's only way to the gateway: GraphQL over HTTP at /graphql, queries and mutations as JSON POSTs
// and subscriptions as server-sent events, each carrying the signed-in person's bearer token.
import { failureOf, GraphQLFailure } from './graphql-failure';
import type { Operation } from './operation';
import { readEventStream } from './event-stream';
import { signedByDevice, signedMutation } from '../signing/device-key';

export interface GraphQLClient {
  request<TData, TVariables>(operation: Operation<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  /** Calls `next` with each event until the returned function is called; reconnects after a dropped stream. */
  subscribe<TData, TVariables>(
    operation: Operation<TData, TVariables>,
    variables: TVariables,
    handlers: SubscriptionHandlers<TData>,
  ): () => void;
}

export interface SubscriptionHandlers<TData> {
  next(data: TData): void;
  /** The stream failed; it is opened again unless the gateway refused the operation itself. */
  error(error: Error): void;
  /** The stream is open: events will come as they happen. */
  open?(): void;
}

export interface GraphQLClientOptions {
  readonly endpoint: string;
  /** The bearer token of the session, when signed in. */
  readonly token: () => string | undefined;
  /** The gateway no longer knows the token sent: it expired or was ended elsewhere. */
  readonly onSessionEnded: () => void;
  /** This browser's key for the signed-in person, when it has one: every mutation that acts is signed with it. */
  readonly device?: () => { readonly id: string; readonly privateKey: CryptoKey; readonly username: string } | undefined;
}

interface Answer {
  readonly data?: unknown;
  readonly errors?: readonly { message?: unknown; extensions?: { code?: unknown } }[];
}

const RECONNECT_MS = [1000, 2000, 5000, 10000];

export function graphqlClient(options: Readonly<GraphQLClientOptions>): GraphQLClient {
  const headers = (accept: string): Record<string, string> => {
    const token = options.token();
    return { 'content-type': 'application/json', accept, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
  };

  const settle = (answer: Answer): unknown => {
    if (answer.errors && answer.errors.length > 0) {
      const failure = failureOf(answer.errors);
      if (failure.code === 'UNAUTHENTICATED' && options.token() !== undefined) options.onSessionEnded();
      throw failure;
    }
    return answer.data;
  };

  const post = async (document: string, variables: unknown, signal?: AbortSignal): Promise<unknown> => {
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: headers('application/graphql-response+json, application/json'),
      body: JSON.stringify({ query: document, variables }),
      signal,
    });
    let answer: Answer;
    try {
      answer = (await response.json()) as Answer;
    } catch {
      throw new GraphQLFailure(`The gateway answered HTTP ${response.status} without a GraphQL result.`, 'HTTP');
    }
    return settle(answer);
  };

  return {
    async request(operation, variables, signal) {
      const device = options.device?.();
      if (device && signedByDevice(operation.document)) {
        // The gateway runs the mutation and hands over each step to sign; this browser's key signs it.
        const call = async (document: string, stepVariables: Record<string, unknown>) =>
          (await post(document, stepVariables, signal)) as Record<string, unknown>;
        return (await signedMutation(call, device, operation.document, variables as Record<string, unknown>)) as never;
      }
      return (await post(operation.document, variables, signal)) as never;
    },

    subscribe(operation, variables, handlers) {
      const stop = new AbortController();
      let attempt = 0;
      const connect = async (): Promise<void> => {
        while (!stop.signal.aborted) {
          try {
            const response = await fetch(options.endpoint, {
              method: 'POST',
              headers: headers('text/event-stream'),
              body: JSON.stringify({ query: operation.document, variables }),
              signal: stop.signal,
            });
            if (!response.ok || !response.body)
              throw new GraphQLFailure(`The gateway refused the subscription (HTTP ${response.status}).`, 'HTTP');
            handlers.open?.();
            for await (const event of readEventStream(response.body)) {
              if (event.event === 'complete') return;
              if (event.event !== 'next' || event.data === '') continue;
              attempt = 0;
              handlers.next(settle(JSON.parse(event.data) as Answer) as never);
            }
          } catch (error) {
            // Narrowed to false before the awaits above; closing the stream may have aborted it since.
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
            if (stop.signal.aborted) return;
            if (error instanceof GraphQLFailure && error.code !== 'HTTP') {
              handlers.error(error);
              return;
            }
            handlers.error(error instanceof Error ? error : new Error(String(error)));
          }
          // A stream the network dropped is opened again, waiting longer each time.
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]));
          attempt += 1;
        }
      };
      void connect();
      return () => stop.abort();
    },
  };
}
