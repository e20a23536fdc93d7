// The HTTP face of the gateway (express): GraphQL at /graphql behind a JSON body limit, and /health.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { GRAPHQL_PATH, type GraphQLServer } from '../graphql/graphql-server';
import { RequestErrorCode, type ErrorLog } from '../graphql/errors';
import { explorerUi } from './explorer-ui';

export interface HttpAppOptions {
  readonly graphql: GraphQLServer;
  readonly maxBodyBytes: number;
  /** Whether the gateway can serve: its database answers. */
  readonly healthy: () => Promise<boolean>;
  readonly logError: ErrorLog;
  /** The reverse proxies whose X-Forwarded-For names the client (addresses or CIDR ranges); none by default. */
  readonly trustedProxies: readonly string[];
}

const failure = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

// Only JSON bodies are read, so the size limit below holds for every request that has a body.
const jsonOnly: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || req.is('application/json')) {
    next();
    return;
  }
  res.status(415).json(failure(RequestErrorCode.BadRequest, 'send the GraphQL request as application/json'));
};

/** Body errors get their code; anything else is masked like GraphQL's unexpected errors (express would show the stack). */
const httpErrors =
  (log: ErrorLog): ErrorRequestHandler =>
  (error: { type?: string }, _req, res, _next) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json(failure(RequestErrorCode.RequestTooLarge, 'the request body is larger than this gateway accepts'));
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json(failure(RequestErrorCode.BadRequest, 'the request body is not valid JSON'));
    } else {
      const errorId = randomUUID();
      log(errorId, error);
      res.status(500).json({ errors: [{ message: 'Unexpected error.', extensions: { code: RequestErrorCode.Internal, errorId } }] });
    }
  };

export function httpApp(options: Readonly<HttpAppOptions>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Sign-ins are limited per client address: behind a proxy, every client would otherwise share the proxy's.
  app.set('trust proxy', options.trustedProxies.length > 0 ? [...options.trustedProxies] : false);
  app.get('/health', async (_req, res) => {
    const ok = await options.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });
  // Express 5 passes a rejected promise to the error handlers.
  app.use(GRAPHQL_PATH, jsonOnly, express.json({ limit: options.maxBodyBytes }), async (req, res) => {
    // The CORS headers depend on the request's origin (graphql-server.ts): a cache must keep one answer per origin.
    res.vary('Origin');
    await options.graphql(req, res, { req, res });
  });
  app.use(explorerUi());
  app.use(httpErrors(options.logError));
  return app;
}
