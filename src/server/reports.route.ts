import type { ApolloServer } from '@apollo/server';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { AppError, BadUserInputError } from '../domain/errors';
import type { MetricTableCell } from '../domain/metrics/metric-table';
import type { RequestContext } from '../services/request-context';
import { requestPrincipal } from './auth/request-principal';
import { API_KEY_HEADER } from './graphql/auth/api-keys';
import { etagOf, ifNoneMatchMatches, remainingMs } from './graphql/response-cache/response-cache';
import type { HttpResponseCache } from './http/response-cache.middleware';
import { httpStatusOfErrors } from './graphql/reports/report-errors';
import { formatOfExtension, formatOfMediaType, renderTable, REPORT_FORMAT_NAMES, REPORT_FORMATS, type FlatTable, type ReportFormat } from './graphql/reports/report-format';
import type { ResolvedReport } from './graphql/reports/report-catalog';
import { LINK_PARAMETER, parseReportParameters, type ReportRequest } from './graphql/reports/report-parameters';

/** Where saved reports are served. */
export const REPORTS_PATH = '/reports';

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

/** `{"errors":[…]}`, the body every error of this route has (as GraphQL clients read errors). */
function sendErrors(res: express.Response, status: number, errors: readonly GraphQLFormattedError[]): void {
  if (res.headersSent) return;
  res.status(status).setHeader('cache-control', 'no-store').json({ errors });
}

function sendAppError(res: express.Response, status: number, error: AppError): void {
  sendErrors(res, status, [{ message: error.message, extensions: { ...error.data, code: error.code } }]);
}

/** The formats, as an error message lists them. */
const FORMATS_TEXT = REPORT_FORMAT_NAMES.map((f) => `.${f} (${REPORT_FORMATS[f].mediaType})`).join(', ');

/**
 * Moves a signed link given as `?link=<token>` into `Authorization: Link <token>` before authentication,
 * for tools that cannot send headers (Excel's and Power BI's "From Web", a browser). A request carrying
 * both a header credential and `link=`, or `link=` twice, is answered 400: which one counts would be a guess.
 * The request log never shows the token (its line has the path without the query string).
 */
export function linkFromQueryString(): express.RequestHandler {
  return (req, res, next) => {
    const links = new URL(req.originalUrl, 'http://localhost').searchParams.getAll(LINK_PARAMETER);
    if (links.length === 0) return next();
    if (links.length > 1) return sendAppError(res, 400, new BadUserInputError(`The parameter '${LINK_PARAMETER}' is given ${links.length} times; give one signed link.`, LINK_PARAMETER));
    if (req.headers.authorization !== undefined || req.headers[API_KEY_HEADER] !== undefined) {
      return sendAppError(
        res,
        400,
        new BadUserInputError(`This request has both a credential header (Authorization or ${API_KEY_HEADER}) and '${LINK_PARAMETER}=': send one of them.`, LINK_PARAMETER),
      );
    }
    req.headers.authorization = `Link ${links[0]!.trim()}`;
    next();
  };
}

/** The flat table of a metrics answer's `data` (`{ metrics: { table: { columns, rows } } }`). */
function tableOf(data: unknown): FlatTable {
  const table = (data as { metrics: { table: { columns: { name: string }[]; rows: Record<string, MetricTableCell>[] } } }).metrics.table;
  return { columns: table.columns.map((c) => c.name), rows: table.rows };
}

/**
 * The oldest newest record of the history sources an answer read (`extensions.dataAsOf`,
 * docs/freshness.md): the data of every source reaches at least this instant. Undefined when none is known.
 */
function dataAsOfOf(extensions: Record<string, unknown> | undefined): string | undefined {
  const sources = (extensions?.dataAsOf as { sources?: Record<string, { newestRecordTime?: unknown }> } | undefined)?.sources ?? {};
  const times = Object.values(sources)
    .map((s) => s.newestRecordTime)
    .filter((t): t is string => typeof t === 'string')
    .sort();
  return times[0];
}

/** What an executed or cached report answered. */
type ReportAnswer = { readonly errors: readonly GraphQLFormattedError[] } | { readonly errors?: undefined; readonly table: FlatTable; readonly cacheControl: string; readonly dataAsOf?: string };

/** The index of `GET /reports`: what each report is, takes and answers. */
function indexOf(reports: readonly ResolvedReport[]): unknown {
  return {
    reports: reports.map((r) => {
      const query = new URLSearchParams({ from: r.defaults.from, to: r.defaults.to, timeZone: r.defaults.timeZone, interval: r.defaults.interval }).toString();
      return {
        name: r.name,
        title: r.title,
        description: r.description,
        parameters: [
          { name: 'from', default: r.defaults.from, description: 'Start (inclusive): now, today or yesterday with an optional offset (today-7d, now-1h), a local date (2026-11-19), an ISO-8601 date-time with offset, or epoch milliseconds.' },
          { name: 'to', default: r.defaults.to, description: 'End (exclusive), in the same forms as from.' },
          { name: 'timeZone', default: r.defaults.timeZone, description: 'IANA time zone of the intervals, local dates and relative dates, e.g. America/New_York.' },
          { name: 'interval', default: r.defaults.interval, allowed: r.intervals, description: 'How the range is bucketed in time; the range is widened to whole intervals of timeZone.' },
          { name: 'includeUnassigned', default: r.defaults.includeUnassigned, allowed: ['true', 'false'], description: 'true adds the rows whose grouping has no value (an empty cell), e.g. contacts without a call reason.' },
        ],
        formats: REPORT_FORMAT_NAMES,
        columns: r.columns,
        examples: REPORT_FORMAT_NAMES.map((f) => `${REPORTS_PATH}/${r.name}.${f}?${query}`),
      };
    }),
    formats: Object.fromEntries(REPORT_FORMAT_NAMES.map((f) => [f, REPORT_FORMATS[f].mediaType])),
    authentication: `An API key in the ${API_KEY_HEADER} header, Authorization: Bearer <JWT>, or a signed link as Authorization: Link <token> or ?${LINK_PARAMETER}=<token>. Needs scope metrics:read.`,
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
  const byName = new Map(options.reports.map((r) => [r.name, r]));
  const names = options.reports.map((r) => r.name).join(', ');
  const router = express.Router();

  router.get('/', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(indexOf(options.reports));
  });

  router.get('/:file', async (req, res, next) => {
    const file = String(req.params.file);
    const dot = file.indexOf('.');
    const name = dot < 0 ? file : file.slice(0, dot);
    const report = byName.get(name);
    if (report === undefined) {
      options.onServed?.('unknown', 'none', 404);
      return sendErrors(res, 404, [{ message: `There is no report '${name.slice(0, 100)}'. Reports: ${names} (GET ${REPORTS_PATH} lists them).`, extensions: { code: 'NOT_FOUND' } }]);
    }
    let format: ReportFormat | undefined;
    if (dot < 0) {
      res.vary('accept');
      const accepted = req.accepts(REPORT_FORMAT_NAMES.map((f) => REPORT_FORMATS[f].mediaType));
      format = typeof accepted === 'string' ? formatOfMediaType(accepted) : undefined;
    } else {
      format = formatOfExtension(file.slice(dot + 1));
    }
    const served = (status: number) => options.onServed?.(report.name, format ?? 'none', status);
    if (format === undefined) {
      served(406);
      const asked = dot < 0 ? `Accept: ${String(req.headers.accept ?? '').slice(0, 100)}` : `.${file.slice(dot + 1).slice(0, 20)}`;
      return sendErrors(res, 406, [{ message: `${REPORTS_PATH}/${report.name} is not served as ${asked}. Formats: ${FORMATS_TEXT}; e.g. ${REPORTS_PATH}/${report.name}.csv.`, extensions: { code: 'NOT_ACCEPTABLE' } }]);
    }
    let request: ReportRequest;
    try {
      request = parseReportParameters(report, new URL(req.originalUrl, 'http://localhost').searchParams, nowMs());
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      served(400);
      return sendAppError(res, 400, error);
    }
    try {
      const answer = await run(report, request, req, res);
      if (answer.errors !== undefined) {
        const status = httpStatusOfErrors(answer.errors);
        served(status);
        return sendErrors(res, status, answer.errors);
      }
      if (res.headersSent) return;
      const body = renderTable(answer.table, format);
      const etag = etagOf(body);
      res.setHeader('etag', etag);
      res.setHeader('cache-control', answer.cacheControl);
      if (answer.dataAsOf !== undefined) res.setHeader('x-data-as-of', answer.dataAsOf);
      if (ifNoneMatchMatches(req.headers['if-none-match'], etag)) {
        served(304);
        res.status(304).end();
        return;
      }
      served(200);
      res.status(200);
      res.setHeader('content-type', REPORT_FORMATS[format].contentType);
      // Report names and local dates are plain ASCII: the file name needs no encoding, only quotes.
      res.setHeader('content-disposition', `attachment; filename="${report.name}_${request.fromLocalDate}_${request.toLocalDate}.${format}"`);
      res.end(body);
    } catch (error) {
      next(error);
    }
  });

  /** The report's answer: from the response cache, or executed through Apollo (and stored when cacheable). */
  async function run(report: ResolvedReport, request: ReportRequest, req: express.Request, res: express.Response): Promise<ReportAnswer> {
    const operation = { query: report.document, operationName: report.operationName, variables: { ...request.variables } };
    const cached = await options.responseCache?.lookup(operation, requestPrincipal(res));
    if (cached?.hit !== undefined) {
      const stored = JSON.parse(cached.hit.body) as { data: unknown; extensions?: Record<string, unknown> };
      const maxAgeSeconds = Math.max(0, Math.floor(remainingMs(cached.hit, nowMs()) / 1000));
      return { table: tableOf(stored.data), cacheControl: `private, max-age=${maxAgeSeconds}`, dataAsOf: dataAsOfOf(stored.extensions) };
    }
    const context = options.contextOf(req, res);
    const contextValue = cached === undefined || options.responseCache === undefined ? context : options.responseCache.attachKey(context, cached.key);
    const response = await options.apollo.executeOperation(operation, { contextValue });
    if (response.body.kind !== 'single') throw new Error(`report ${report.name}: the operation answered incrementally`);
    const result = response.body.singleResult;
    if (result.errors?.length) return { errors: result.errors };
    // The response cache's plugin says whether the answer was stored (private, max-age) or not (no-store).
    const cacheControl = response.http.headers.get('cache-control') ?? 'no-store';
    return { table: tableOf(result.data), cacheControl: cacheControl.startsWith('private') ? cacheControl : 'no-store', dataAsOf: dataAsOfOf(result.extensions) };
  }

  return router;
}
