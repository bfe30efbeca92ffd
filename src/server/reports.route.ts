import type { ApolloServer } from '@apollo/server';
import express from 'express';
import { AppError } from '../domain/errors';
import type { RequestContext } from '../services/request-context';
import { requestPrincipal } from './auth/request-principal';
import { remainingMs } from './graphql/response-cache/response-cache';
import type { HttpResponseCache } from './http/response-cache.middleware';
import { createReportAnswerer, executeReportOperation, reportErrorAnswer, REPORTS_PATH, type ReportExecution, type ReportHttpAnswer, type ReportOperation } from './graphql/reports/report-answer';
import type { ResolvedReport } from './graphql/reports/report-catalog';
import type { ReportFormat } from './graphql/reports/report-format';
import { linkAuthorization } from './graphql/reports/report-link';

/** Where saved reports are served (re-exported for the server's routing). */
export { REPORTS_PATH };

/** Options of {@link createReportsRouter}. */
export interface ReportsRouterOptions {
  /** The reports, with their operations found in the trusted-documents manifest. */
  readonly reports: readonly ResolvedReport[];
  /** The Apollo server of `/graphql`: limits, scopes, PII rules and plugins apply to reports as to any operation. */
  readonly apollo: ApolloServer<RequestContext>;
  /** The GraphQL context of a request, built as `/graphql` builds it (principal, request id, signal). */
  readonly contextOf: (req: express.Request, res: express.Response) => RequestContext;
  /** The response cache of `/graphql`, shared: a report is cached under the key the same GraphQL request gets. */
  readonly responseCache?: HttpResponseCache;
  /** Told of every report answer (metrics). */
  readonly onServed?: (report: string, format: ReportFormat | 'none', status: number) => void;
  /** Wall clock for relative dates and cache ages, epoch ms; @default Date.now. */
  readonly nowMs?: () => number;
}

/** Sends an answer of the shared report answerer: JSON through express (as before), bytes as they are. */
function send(res: express.Response, answer: ReportHttpAnswer): void {
  if (res.headersSent) return;
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) {
    if (name === 'vary') res.vary(value);
    else res.setHeader(name, value);
  }
  if (answer.kind === 'json') res.json(answer.value);
  else res.end(answer.body);
}

/**
 * Moves a signed link given as `?link=<token>` into `Authorization: Link <token>` before authentication,
 * for tools that cannot send headers (Excel's and Power BI's "From Web", a browser). A request carrying
 * both a header credential and `link=`, or `link=` twice, is answered 400: which one counts would be a guess.
 * The request log never shows the token (its line has the path without the query string).
 */
export function linkFromQueryString(): express.RequestHandler {
  return (req, res, next) => {
    let authorization: string | undefined;
    try {
      authorization = linkAuthorization(new URL(req.originalUrl, 'http://localhost').searchParams, req.headers);
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      return send(res, reportErrorAnswer(400, error));
    }
    if (authorization !== undefined) req.headers.authorization = authorization;
    next();
  };
}

/**
 * `GET /reports` (the index, JSON) and `GET /reports/<name>[.csv|.json|.ndjson]` (a report; without an
 * extension the format follows `Accept`, CSV by default). Mount after authentication, the scope check
 * and the rate limiter. A report runs its trusted operation through the `/graphql` Apollo server with
 * the request's own context, so every limit and rule of GraphQL applies; its answers share the response
 * cache (ETag on the rendered bytes, 304 on `If-None-Match`).
 */
export function createReportsRouter(options: ReportsRouterOptions): express.Router {
  const nowMs = options.nowMs ?? Date.now;
  const answerer = createReportAnswerer({ reports: options.reports, onServed: options.onServed, nowMs });
  const router = express.Router();

  router.get('/', (_req, res) => {
    send(res, answerer.index());
  });

  router.get('/:file', async (req, res, next) => {
    try {
      const request = {
        file: String(req.params.file),
        searchParams: new URL(req.originalUrl, 'http://localhost').searchParams,
        accept: req.headers.accept,
        ifNoneMatch: req.headers['if-none-match'],
      };
      send(res, await answerer.answer(request, (_report, operation) => execute(operation, req, res)));
    } catch (error) {
      next(error);
    }
  });

  /** The report's answer: from the response cache, or executed through Apollo (and stored when cacheable). */
  async function execute(operation: ReportOperation, req: express.Request, res: express.Response): Promise<ReportExecution> {
    const cached = await options.responseCache?.lookup(operation, requestPrincipal(res));
    if (cached?.hit !== undefined) {
      const stored = JSON.parse(cached.hit.body) as { data: unknown; extensions?: Record<string, unknown> };
      const maxAgeSeconds = Math.max(0, Math.floor(remainingMs(cached.hit, nowMs()) / 1000));
      return { data: stored.data, extensions: stored.extensions, cacheControl: `private, max-age=${maxAgeSeconds}` };
    }
    const context = options.contextOf(req, res);
    const contextValue = cached === undefined || options.responseCache === undefined ? context : options.responseCache.attachKey(context, cached.key);
    // The response cache's plugin says whether the answer was stored (private, max-age) or not (no-store).
    return executeReportOperation(options.apollo, operation, contextValue);
  }

  return router;
}
