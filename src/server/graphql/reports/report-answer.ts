import type { ApolloServer } from '@apollo/server';
import accepts from 'accepts';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '../../../domain/errors';
import type { MetricTableCell } from '../../../domain/metrics/metric-table';
import type { RequestContext } from '../../../services/request-context';
import { API_KEY_HEADER } from '../auth/api-keys';
import { etagOf, ifNoneMatchMatches } from '../response-cache/response-cache';
import type { ResolvedReport } from './report-catalog';
import { httpStatusOfErrors } from './report-errors';
import { formatOfExtension, formatOfMediaType, renderTable, REPORT_FORMAT_NAMES, REPORT_FORMATS, type FlatTable, type ReportFormat } from './report-format';
import { LINK_PARAMETER, parseReportParameters, type ReportRequest } from './report-parameters';

/**
 * The transport-free answer of the saved reports (docs/reports.md): `GET /reports` (the index) and
 * `GET /reports/<name>[.csv|.json|.ndjson]`, from the request's file, query string and headers to a
 * status, headers and body. The Node server's express route and the GraphQL Lambda both answer through
 * it, each with its own way of executing the report's operation (the Node server adds its response
 * cache). HTTP-free: no express, no Lambda event.
 */

/** Where saved reports are served. */
export const REPORTS_PATH = '/reports';

/** What executing (or finding in a cache) a report's operation gave. */
export type ReportExecution =
  | { readonly errors: readonly GraphQLFormattedError[] }
  | {
      readonly errors?: undefined;
      /** The answer's `data` (`{ metrics: { table: { columns, rows } } }`). */
      readonly data: unknown;
      readonly extensions?: Record<string, unknown>;
      /** `Cache-Control` of the answer: `private, max-age=<s>` when a cache holds it, else `no-store`. */
      readonly cacheControl: string;
    };

/** The GraphQL request a report runs: its trusted document and the variables from the query string. */
export interface ReportOperation {
  readonly query: string;
  readonly operationName: string;
  readonly variables: Record<string, unknown>;
}

/** Runs a report's operation (through the `/graphql` Apollo server, with the request's own context). */
export type ExecuteReport = (report: ResolvedReport, operation: ReportOperation) => Promise<ReportExecution>;

/**
 * Runs a report's operation on the `/graphql` Apollo server with a request's context, so every limit,
 * scope and rule of GraphQL applies. `cacheControl` is the answer's own `Cache-Control` when a cache
 * stored it (`private, max-age=…`, set by the response cache's plugin), else `no-store`.
 * @throws Error when the operation answers incrementally (a report never defers).
 */
export async function executeReportOperation(apollo: ApolloServer<RequestContext>, operation: ReportOperation, contextValue: RequestContext): Promise<ReportExecution> {
  const response = await apollo.executeOperation(operation, { contextValue });
  if (response.body.kind !== 'single') throw new Error(`report ${operation.operationName}: the operation answered incrementally`);
  const result = response.body.singleResult;
  if (result.errors?.length) return { errors: result.errors };
  const cacheControl = response.http.headers.get('cache-control') ?? 'no-store';
  return { data: result.data, extensions: result.extensions, cacheControl: cacheControl.startsWith('private') ? cacheControl : 'no-store' };
}

/** What a report request carries, whatever the transport. */
export interface ReportHttpRequest {
  /** The last path segment, `<name>` or `<name>.<extension>` (as sent, decoded). */
  readonly file: string;
  /** The query string (`getAll` sees repeated parameters). */
  readonly searchParams: URLSearchParams;
  readonly accept: string | undefined;
  readonly ifNoneMatch: string | undefined;
}

/**
 * An answer, for the transport to send: a JSON value (the index, and every error as
 * `{"errors":[…]}`, the body GraphQL clients read) or the rendered bytes (200, or 304 with an empty
 * body). Header names are lower case; `vary` is to be added to what the transport already varies on.
 */
export type ReportHttpAnswer =
  | { readonly kind: 'json'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly value: unknown }
  | { readonly kind: 'body'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string };

/** Options of {@link createReportAnswerer}. */
export interface ReportAnswererOptions {
  /** The reports, with their operations found in the trusted-documents manifest. */
  readonly reports: readonly ResolvedReport[];
  /** Told of every report answer (metrics). */
  readonly onServed?: (report: string, format: ReportFormat | 'none', status: number) => void;
  /** Wall clock for relative dates, epoch ms; @default Date.now. */
  readonly nowMs?: () => number;
}

/** The answers of `/reports`, shared by the transports. */
export interface ReportAnswerer {
  /** `GET /reports`: what each report is, takes and answers. */
  index(): ReportHttpAnswer;
  /**
   * `GET /reports/<file>`: 404 for an unknown report, 406 for a format neither the extension nor `Accept`
   * gives, 400 for a bad parameter (the message names it), the status of the operation's first error
   * (report-errors), else the rendered table with `ETag`, `Cache-Control`, `X-Data-As-Of`,
   * `Content-Type` and `Content-Disposition`, or 304 when `If-None-Match` matches the ETag.
   * @throws what `execute` throws, and any error that is not an AppError (the transport answers 500).
   */
  answer(request: ReportHttpRequest, execute: ExecuteReport): Promise<ReportHttpAnswer>;
}

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The formats, as an error message lists them. */
const FORMATS_TEXT = REPORT_FORMAT_NAMES.map((f) => `.${f} (${REPORT_FORMATS[f].mediaType})`).join(', ');

function errorsAnswer(status: number, errors: readonly GraphQLFormattedError[], headers: Readonly<Record<string, string>> = {}): ReportHttpAnswer {
  return { kind: 'json', status, headers: { ...headers, ...NO_STORE }, value: { errors } };
}

/** An AppError as a report answer (a bad parameter, or a request refused before it reaches a report: a bad `?link=`, a credential, a scope): `{"errors":[…]}`, not stored. */
export function reportErrorAnswer(status: number, error: AppError, headers: Readonly<Record<string, string>> = {}): ReportHttpAnswer {
  return errorsAnswer(status, [{ message: error.message, extensions: { ...error.data, code: error.code } }], headers);
}

/** The format `Accept` asks for among the report formats (CSV when it allows any, or is absent), as express's `req.accepts` chooses. */
export function formatOfAccept(accept: string | undefined): ReportFormat | undefined {
  const chosen = accepts({ headers: accept === undefined ? {} : { accept } }).type(REPORT_FORMAT_NAMES.map((f) => REPORT_FORMATS[f].mediaType));
  return typeof chosen === 'string' ? formatOfMediaType(chosen) : undefined;
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

/** The answers of `/reports` over a set of resolved reports. */
export function createReportAnswerer(options: ReportAnswererOptions): ReportAnswerer {
  const nowMs = options.nowMs ?? Date.now;
  const byName = new Map(options.reports.map((r) => [r.name, r]));
  const names = options.reports.map((r) => r.name).join(', ');

  return {
    index: () => ({ kind: 'json', status: 200, headers: NO_STORE, value: indexOf(options.reports) }),

    async answer(request, execute) {
      const { file } = request;
      const dot = file.indexOf('.');
      const name = dot < 0 ? file : file.slice(0, dot);
      const report = byName.get(name);
      if (report === undefined) {
        options.onServed?.('unknown', 'none', 404);
        return errorsAnswer(404, [{ message: `There is no report '${name.slice(0, 100)}'. Reports: ${names} (GET ${REPORTS_PATH} lists them).`, extensions: { code: 'NOT_FOUND' } }]);
      }
      // Without an extension the answer depends on Accept: caches must know.
      const vary: Record<string, string> = dot < 0 ? { vary: 'accept' } : {};
      const format = dot < 0 ? formatOfAccept(request.accept) : formatOfExtension(file.slice(dot + 1));
      const served = (status: number) => options.onServed?.(report.name, format ?? 'none', status);
      if (format === undefined) {
        served(406);
        const asked = dot < 0 ? `Accept: ${(request.accept ?? '').slice(0, 100)}` : `.${file.slice(dot + 1).slice(0, 20)}`;
        return errorsAnswer(
          406,
          [{ message: `${REPORTS_PATH}/${report.name} is not served as ${asked}. Formats: ${FORMATS_TEXT}; e.g. ${REPORTS_PATH}/${report.name}.csv.`, extensions: { code: 'NOT_ACCEPTABLE' } }],
          vary,
        );
      }
      let parameters: ReportRequest;
      try {
        parameters = parseReportParameters(report, request.searchParams, nowMs());
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        served(400);
        return reportErrorAnswer(400, error, vary);
      }
      const execution = await execute(report, { query: report.document, operationName: report.operationName, variables: { ...parameters.variables } });
      if (execution.errors !== undefined) {
        const status = httpStatusOfErrors(execution.errors);
        served(status);
        // The operation's own errors without `locations`/`path`: they point into a document the client never sent.
        return errorsAnswer(status, execution.errors.map(({ message, extensions }) => (extensions === undefined ? { message } : { message, extensions })), vary);
      }
      const body = renderTable(tableOf(execution.data), format);
      const etag = etagOf(body);
      const dataAsOf = dataAsOfOf(execution.extensions);
      const headers: Record<string, string> = { ...vary, etag, 'cache-control': execution.cacheControl, ...(dataAsOf === undefined ? {} : { 'x-data-as-of': dataAsOf }) };
      if (ifNoneMatchMatches(request.ifNoneMatch, etag)) {
        served(304);
        return { kind: 'body', status: 304, headers, body: '' };
      }
      served(200);
      return {
        kind: 'body',
        status: 200,
        headers: {
          ...headers,
          'content-type': REPORT_FORMATS[format].contentType,
          // Report names and local dates are plain ASCII: the file name needs no encoding, only quotes.
          'content-disposition': `attachment; filename="${report.name}_${parameters.fromLocalDate}_${parameters.toLocalDate}.${format}"`,
        },
        body,
      };
    },
  };
}
