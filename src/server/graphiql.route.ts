import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';

/** Options for {@link createGraphiqlRouter}. */
export interface GraphiqlRouterOptions {
  /** Folder written by `scripts/build-graphiql.mjs` (usually `dist/graphiql`). May not exist yet. */
  assetsDir: string;
  /** Path of the GraphQL endpoint, relative to where the router is mounted. Default `/graphql`. */
  graphqlPath?: string;
  /**
   * Serve the page (GRAPHIQL; off by default in production). When false, a browser navigation to
   * the endpoint and every `/graphiql/*` URL get 404 `GRAPHIQL_DISABLED` saying how to enable it.
   * @default true
   */
  enabled?: boolean;
}

/** URL prefix (relative to the mount point) under which the bundle is served. */
const ASSETS_PATH = '/graphiql';

/** Esbuild's content hash in asset names, e.g. `fonts/codicon-37A3DWZT.ttf`. */
const HASHED_FILE = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

/**
 * The Content-Security-Policy of the page and its bundle, as helmet directives (src/server/app.ts
 * sends it on every response). Everything the page loads comes from this origin: scripts, Monaco's
 * workers (files under /graphiql, not blob: URLs), fonts (files and data: URIs); Monaco sets inline
 * styles, hence 'unsafe-inline' for styles only; the page talks to /graphql over fetch and WebSocket
 * on the same host ('self' covers ws: on the same host in current browsers).
 */
export const GRAPHIQL_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'", 'data:'],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'self'"],
};

const CONTENT_SECURITY_POLICY = Object.entries(GRAPHIQL_CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

/** Media types a GraphQL client may ask for; listed first so that `*\/*` never picks HTML. */
const GRAPHQL_MEDIA_TYPES = ['application/graphql-response+json', 'application/json', 'text/html'];

/** The answer of a disabled GraphiQL: JSON, like every other answer of the API. */
const DISABLED_BODY = {
  errors: [
    {
      message: 'GraphiQL is turned off on this server (the production default). Send GraphQL requests with POST /graphql (Content-Type: application/json), or set GRAPHIQL=1 on the server to serve the page.',
      extensions: { code: 'GRAPHIQL_DISABLED' },
    },
  ],
};

const NOT_BUILT_MESSAGE = 'GraphiQL assets not built: run npm run build\n';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * True for a browser navigation to the endpoint: the client prefers `text/html` over the GraphQL
 * media types and sends no `query` parameter (a GET with `?query=` is a GraphQL request).
 */
function isBrowserNavigation(req: Request): boolean {
  if (Object.prototype.hasOwnProperty.call(req.query ?? {}, 'query')) return false;
  return req.accepts(GRAPHQL_MEDIA_TYPES) === 'text/html';
}

/**
 * Creates the router that serves the self-hosted GraphiQL page (no CDN) next to the GraphQL endpoint.
 *
 * - `GET <graphqlPath>` from a browser (Accept prefers `text/html`, no `query` parameter) returns
 *   the GraphiQL page; 503 with a plain-text hint when the bundle has not been built.
 * - `GET /graphiql/*` serves the bundle (`index.html`, `main.js`, `main.css`, fonts, Monaco workers);
 *   `/graphiql/` is the page as well.
 * - Everything else, including every POST and any GET with `?query=`, falls through with `next()`,
 *   so mount this router **before** the Apollo middleware on the same app.
 *
 * The page's `<base href>` and endpoint path are rewritten from `req.baseUrl`, so the router also
 * works when mounted below a prefix (`app.use('/api', router)`). Subscriptions from the page go to
 * `ws(s)://<same host><graphqlPath>` (graphql-ws).
 *
 * @param options - `assetsDir` is read on every page request, so building after start-up works
 *   without a restart; `graphqlPath` defaults to `/graphql`.
 * @returns An express router; it never throws for missing assets.
 */
export function createGraphiqlRouter(options: GraphiqlRouterOptions): Router {
  const assetsDir = path.resolve(options.assetsDir);
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const indexFile = path.join(assetsDir, 'index.html');
  const router = express.Router();

  if (options.enabled === false) {
    router.get(graphqlPath, (req, res, next) => {
      res.vary('Accept');
      if (!isBrowserNavigation(req)) return next();
      res.status(404).json(DISABLED_BODY);
    });
    router.use(ASSETS_PATH, (_req, res) => {
      res.status(404).json(DISABLED_BODY);
    });
    return router;
  }

  async function sendPage(req: Request, res: Response, next: NextFunction): Promise<void> {
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return next(error);
      res.status(503).type('text/plain').set('Cache-Control', 'no-store').send(NOT_BUILT_MESSAGE);
      return;
    }
    const base = escapeAttribute(`${req.baseUrl}${ASSETS_PATH}/`);
    const endpoint = escapeAttribute(`${req.baseUrl}${graphqlPath}`);
    html = html
      .replace(/<base href="[^"]*"/, `<base href="${base}"`)
      .replace(/<meta name="graphql-path" content="[^"]*"/, `<meta name="graphql-path" content="${endpoint}"`);
    res
      .status(200)
      .type('html')
      .set({
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      })
      .send(html);
  }

  router.get(graphqlPath, (req, res, next) => {
    // The same URL answers GraphQL clients and browsers: caches must key on Accept.
    res.vary('Accept');
    if (!isBrowserNavigation(req)) return next();
    sendPage(req, res, next).catch(next);
  });

  router.get([`${ASSETS_PATH}/`, `${ASSETS_PATH}/index.html`], (req, res, next) => {
    sendPage(req, res, next).catch(next);
  });

  router.use(
    ASSETS_PATH,
    express.static(assetsDir, {
      index: false,
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders(res, filePath) {
        // Hashed names never change content; the rest (main.js, workers) revalidate via ETag.
        res.setHeader(
          'Cache-Control',
          HASHED_FILE.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );

  return router;
}
