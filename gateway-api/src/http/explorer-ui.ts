// The explorer UI as the gateway serves it: built into explorer-ui/dist (explorer-ui-build.ts), then served at `/`
// with its files as they are and index.html for any other page a browser asks for, so that the UI's own addresses
// (/donations/G100126979701, /network) survive a reload. Mounted after GraphQL and /health, which keep their paths.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { explorerUiDir } from './explorer-ui-build';

// The UI loads only its own files and speaks only to this gateway; nothing may frame it.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** A missing asset, a path that leaves the folder or does not decode: 404 and nothing else, whatever the reason. */
const notAnAsset: ErrorRequestHandler = (error: { status?: number }, _req, res, next) => {
  if (error.status === undefined || error.status >= 500) {
    next(error);
    return;
  }
  res.status(404).type('text/plain').send('Not found.\n');
};

export function explorerUi(dir: string = explorerUiDir): RequestHandler {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  // Vite names built assets by content hash, so they never change under their name.
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }), notAnAsset);
  router.use(express.static(dir, { index: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) {
      next();
      return;
    }
    const page = path.join(dir, 'index.html');
    if (!existsSync(page)) {
      res.status(503).type('text/plain').send('The explorer UI is not built: run npm run build -w explorer-ui (npm run up does).\n');
      return;
    }
    // The page names the current hashed assets, so it must be fetched again after every build.
    res.sendFile(page, { headers: { 'cache-control': 'no-cache' } }, (error) => error && next(error));
  });
  return router;
}
