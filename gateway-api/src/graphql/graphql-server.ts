// The GraphQL endpoint (graphql-yoga): the schema merged from the modules, the signed-in person from the
// bearer token, query limits, the schema shown to signed-in people only, masked errors, CORS for the configured
// origins only, and GraphiQL on GET /graphql when a developer turns it on.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Request, Response } from 'express';
import { createLogger, createSchema, createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { QueryLimits } from '../config';
import type { SessionService } from '../people/sessions';
import { bearerToken, type GatewayContext } from './context';
import { maskError, type ErrorLog } from './errors';
import { expensiveFieldLimit, introspectionForSignedIn, queryLimits } from './limits';
import type { GraphQLModule } from './module';

export interface GraphQLServerOptions {
  readonly modules: readonly GraphQLModule[];
  readonly sessions: SessionService;
  readonly limits: QueryLimits;
  readonly graphiql: boolean;
  /** Origins besides the gateway's own whose pages may call it. */
  readonly allowedOrigins: readonly string[];
  readonly logError: ErrorLog;
}

export type ServerContext = { req: Request; res: Response };
export type GraphQLServer = YogaServerInstance<ServerContext, GatewayContext>;

export const GRAPHQL_PATH = '/graphql';

export function graphqlServer(options: Readonly<GraphQLServerOptions>): GraphQLServer {
  const { modules, sessions } = options;
  return createYoga<ServerContext, GatewayContext>({
    schema: createSchema<ServerContext & GatewayContext>({
      typeDefs: modules.map((m) => m.typeDefs),
      resolvers: modules.map((m) => m.resolvers),
    }),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql && { title: 'Plasma trace' },
    // GraphiQL bundled in the page: these machines reach no CDN.
    renderGraphiQL,
    landingPage: false,
    // yoga's default answers any origin, credentials included; a page elsewhere may call only when configured to.
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin !== null && options.allowedOrigins.includes(origin)
        ? { origin: [origin], credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization'] }
        : false;
    },
    maskedErrors: { maskError: maskError(options.logError) },
    // maskError logs each unexpected error once, under the id its answer carries; yoga would log every error again.
    logging: { ...createLogger('warn'), error: () => undefined },
    plugins: [queryLimits(options.limits), expensiveFieldLimit(), introspectionForSignedIn()],
    context: async ({ request, req }) => {
      const token = bearerToken(request.headers.get('authorization'));
      return {
        token,
        person: token === undefined ? undefined : await sessions.authenticate(token),
        // The client's own address: behind a configured proxy the one it forwards (httpApp's trust proxy), else the
        // socket's.
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      };
    },
  });
}
