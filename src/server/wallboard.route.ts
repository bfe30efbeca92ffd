import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import type { Request, Response, Router } from 'express';

/** Options for {@link createWallboardRouter}. */
export interface WallboardRouterOptions {
  /** Folder written by `scripts/build-wallboard.mjs` (usually `dist/wallboard`). May not exist yet. */
  readonly assetsDir: string;
  /** CSP `frame-ancestors` sources: who may embed the page in an iframe (`WALLBOARD_FRAME_ANCESTORS`). @default ["'self'"] */
  readonly frameAncestors?: readonly string[];
}

/** Where the page lives; its assets are below it. */
export const WALLBOARD_PATH = '/wallboard';

/** A Host header that can be put in a CSP source: host name or IP literal, optional port. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The page's Content-Security-Policy. Scripts and styles only from this origin (no inline code, no
 * CDN), data only to this origin: fetch to /graphql and the graphql-ws socket on the same host (named
 * explicitly with ws: and wss:, which older browsers do not count under 'self'). `frame-ancestors`
 * comes from configuration so a portal can embed the page.
 */
export function wallboardCsp(host: string | undefined, frameAncestors: readonly string[]): string {
  const sockets = host !== undefined && PLAIN_HOST.test(host) ? [`ws://${host}`, `wss://${host}`] : [];
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...sockets],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'object-src': ["'none'"],
    'frame-ancestors': frameAncestors.length > 0 ? frameAncestors : ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * Serves the live wallboard: `GET /wallboard` is the page (503 with a hint when not built), and
 * `/wallboard/*` its bundle. The page is static and public (it holds no data); the data it shows
 * comes from /graphql with the credential given in the URL fragment, a postMessage or a signed link.
 * The page's CSP replaces the global one, and `X-Frame-Options` is removed on the page: its
 * `SAMEORIGIN` would contradict `frame-ancestors` for a portal on another origin.
 */
export function createWallboardRouter(options: WallboardRouterOptions): Router {
  const assetsDir = path.resolve(options.assetsDir);
  const frameAncestors = options.frameAncestors ?? ["'self'"];
  const router = express.Router();

  async function sendPage(req: Request, res: Response): Promise<void> {
    let html: string;
    try {
      html = await readFile(path.join(assetsDir, 'index.html'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      res.status(503).type('text/plain').set('Cache-Control', 'no-store').send('Wallboard assets not built: run npm run build\n');
      return;
    }
    res.removeHeader('X-Frame-Options');
    res
      .status(200)
      .type('html')
      .set({
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': wallboardCsp(req.headers.host, frameAncestors),
        'Referrer-Policy': 'no-referrer',
      })
      .send(html);
  }

  router.get([WALLBOARD_PATH, `${WALLBOARD_PATH}/`], (req, res, next) => {
    sendPage(req, res).catch(next);
  });
  router.use(
    WALLBOARD_PATH,
    express.static(assetsDir, {
      index: false,
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders(res) {
        res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  return router;
}
