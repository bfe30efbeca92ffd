import cors from 'cors';
import type express from 'express';
import { isAllowedOrigin } from './origin-allowlist';

/** Paths that browsers on other origins may call (with a preflight): GraphQL, reports, ingest. */
export const CORS_PATHS = ['/graphql', '/reports', '/ingest'] as const;

/** Request headers a cross-origin page may send. */
export const CORS_ALLOWED_HEADERS = ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-request-id'] as const;

/** Response headers a cross-origin page may read. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'Retry-After'] as const;

/** How long a browser may cache a preflight answer, seconds (Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 600;

/** Whether a path is one of {@link CORS_PATHS} or below it. */
function isCorsPath(path: string): boolean {
  return CORS_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * CORS for {@link CORS_PATHS}, from an allowlist of exact origins (CORS_ORIGINS). Mount it first,
 * before authentication and the GraphiQL route: a preflight carries no credentials and must be
 * answered here.
 *
 * - An allowed origin gets its own origin echoed in `Access-Control-Allow-Origin` (never `*`), with
 *   `Vary: Origin`; no `Access-Control-Allow-Credentials`: clients authenticate with headers
 *   (`authorization`, `x-api-key`), never cookies.
 * - A preflight (`OPTIONS`) from an allowed origin is answered 204 with the allowed methods and
 *   headers; from any other origin 403 without CORS headers, so the browser blocks the request.
 * - A non-preflight request from another origin gets no CORS headers (the browser hides the answer);
 *   clients without `Origin` (curl, servers) are not affected.
 *
 * @param allowlist - exact origins, e.g. `https://portal.example.com`; empty: same-origin only.
 */
export function corsMiddleware(allowlist: readonly string[]): express.RequestHandler {
  const handler = cors<express.Request>((req, callback) => {
    const allowed = isAllowedOrigin(req.headers.origin, req.headers.host, allowlist);
    callback(null, {
      origin: allowed && req.headers.origin !== undefined ? req.headers.origin : false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      credentials: false,
      maxAge: CORS_MAX_AGE_SECONDS,
      optionsSuccessStatus: 204,
    });
  });
  return (req, res, next) => {
    if (!isCorsPath(req.path)) return next();
    // Caches must keep answers for different origins apart, allowed or not.
    res.vary('Origin');
    if (req.method === 'OPTIONS' && !isAllowedOrigin(req.headers.origin, req.headers.host, allowlist)) {
      res.status(403).json({ errors: [{ message: `Origin ${String(req.headers.origin)} is not allowed: add it to CORS_ORIGINS (comma-separated exact origins) on the server.`, extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    if (req.method === 'OPTIONS' && req.headers.origin === undefined) {
      // A plain OPTIONS (no browser preflight): say what the endpoint accepts.
      res.setHeader('Allow', 'GET, POST, OPTIONS');
      res.status(204).end();
      return;
    }
    handler(req, res, next);
  };
}
