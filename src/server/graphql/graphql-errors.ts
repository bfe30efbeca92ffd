import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode, INTERNAL_ERROR_CODE } from '../../domain/errors';

/**
 * The one mapping from the API's errors to GraphQL errors (HTTP through Apollo, the Lambda, and
 * graphql-ws). In production a client sees an {@link AppError}'s code, public message and data, and
 * for anything else `INTERNAL_SERVER_ERROR` with {@link INTERNAL_ERROR_MESSAGE}; operator detail
 * (`reason`, engine text, stacks) only goes to the log line with the request id. In development an
 * AppError's `reason` is shown in `extensions.reason` and an internal error keeps its message.
 */

/** What a client sees of an internal error in production. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** How graphql-js's error starts when a request's variables hold more errors than it reports (50 under Apollo). */
const VARIABLE_ERROR_LIMIT_MESSAGE = 'Too many errors processing variables';

/** Codes whose message ends with the request id, so a user can quote it to an operator. */
const CODES_WITH_REQUEST_ID: ReadonlySet<string> = new Set([ErrorCode.UPSTREAM_FAILED, ErrorCode.QUERY_TIMEOUT, INTERNAL_ERROR_CODE]);

/** The AppError behind an error, if any: GraphQL wraps a resolver's error in a GraphQLError (`originalError`), sometimes twice. */
export function appErrorOf(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined; depth++) {
    if (current instanceof AppError) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}

/** The error a resolver or hook threw, beneath GraphQL's wrappers: undefined for GraphQL's own errors (parse, validation). */
export function thrownErrorOf(error: unknown): unknown {
  let current: unknown = error;
  while (current instanceof GraphQLError && current.originalError !== undefined) current = current.originalError;
  return current instanceof GraphQLError ? undefined : current;
}

/** `extensions` of an AppError: its public data and code, plus `reason` when `exposeReason` (development). */
export function appErrorExtensions(error: AppError, exposeReason: boolean): Record<string, unknown> {
  return { ...error.data, code: error.code, ...(exposeReason && error.reason !== undefined ? { reason: error.reason } : {}) };
}

/**
 * A GraphQLError for an AppError thrown before execution (Apollo request hooks), answered with
 * `httpStatus`; Apollo takes the status from `extensions.http` and drops it from the response.
 */
export function toGraphQLError(error: AppError, httpStatus: number): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { ...error.data, code: error.code, http: { status: httpStatus } } });
}

/** Options of {@link formatGraphqlError}. */
export interface FormatOptions {
  /** `NODE_ENV=production`: no reasons, internal messages masked. */
  readonly production: boolean;
  /**
   * The code given to GraphQL's own errors (validation, variable coercion) that arrive without one.
   * Apollo codes them before `formatError`; graphql-ws does not, and its hooks know the phase:
   * `GRAPHQL_VALIDATION_FAILED` before execution, `BAD_USER_INPUT` for variables. @default none added
   */
  readonly graphqlErrorCode?: string;
}

/**
 * Longest error message sent, in characters. GraphQL's own messages quote the offending value whole
 * ("Variable "$x" got invalid value …"), up to 50 times per request: a 100 KB string in would be
 * megabytes out. Longer messages are cut and say so.
 */
export const MAX_ERROR_MESSAGE_CHARS = 1_000;

/** A message cut to {@link MAX_ERROR_MESSAGE_CHARS}, saying how long it was. */
function shortened(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_CHARS ? message : `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (message cut: ${message.length} characters)`;
}

/**
 * Formats one error for a client. `formatted` is what GraphQL/Apollo made of it (Apollo has already
 * given it a code: `INTERNAL_SERVER_ERROR` when none); `error` is the error itself. Messages are cut
 * to {@link MAX_ERROR_MESSAGE_CHARS}.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const result = formatUncut(formatted, error, options);
  return result.message.length <= MAX_ERROR_MESSAGE_CHARS ? result : { ...result, message: shortened(result.message) };
}

function formatUncut(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const where = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  const app = appErrorOf(error);
  if (app) return { message: app.message, ...where, extensions: appErrorExtensions(app, !options.production) };
  const thrown = thrownErrorOf(error);
  // GraphQL's own errors (syntax, validation, variable coercion) carry their code and quote only the operation: they pass.
  // graphql-js's variable error limit has no node, so Apollo (which recognises coercion errors by their node) codes it INTERNAL_SERVER_ERROR: it is about the client's variables.
  if (thrown === undefined && formatted.message.startsWith(VARIABLE_ERROR_LIMIT_MESSAGE)) return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
  const code = formatted.extensions?.code ?? (thrown !== undefined ? INTERNAL_ERROR_CODE : undefined);
  // Apollo answers some malformed requests itself with HTTP 400 but no code ("provided sha does not match query",
  // "Unsupported persisted query version"), which it then codes INTERNAL_SERVER_ERROR: they are the client's request.
  if (thrown === undefined && code === INTERNAL_ERROR_CODE && clientHttpStatus(error)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
  if (code === undefined && options.graphqlErrorCode !== undefined) return { ...formatted, extensions: { ...formatted.extensions, code: options.graphqlErrorCode } };
  if (code !== INTERNAL_ERROR_CODE) return formatted;
  if (options.production) return { message: INTERNAL_ERROR_MESSAGE, ...where, extensions: { code: INTERNAL_ERROR_CODE } };
  return { ...formatted, extensions: { ...formatted.extensions, code: INTERNAL_ERROR_CODE } };
}

/** Whether a GraphQL error carries a 4xx status for Apollo to answer with (`extensions.http.status`). */
function clientHttpStatus(error: unknown): boolean {
  const status = error instanceof GraphQLError ? (error.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Apollo's `formatError` hook over {@link formatGraphqlError}. */
export function formatError(options: FormatOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => formatGraphqlError(formatted, error, options);
}

/** Adds the request id to a formatted error: `extensions.requestId`, and in the message of upstream, timeout and internal errors. */
export function withRequestId(formatted: GraphQLFormattedError, requestId: string): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const quote = typeof code === 'string' && CODES_WITH_REQUEST_ID.has(code) && !formatted.message.includes(requestId);
  return {
    ...formatted,
    message: quote ? `${formatted.message.replace(/\.$/, '')} (request id ${requestId}).` : formatted.message,
    extensions: { ...formatted.extensions, requestId },
  };
}

/**
 * A syntax error of a document, coded `GRAPHQL_PARSE_FAILED` as Apollo codes it over HTTP, for the
 * paths that parse themselves (graphql-ws), so WebSocket clients see the same code.
 */
export function parseFailedError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
}
