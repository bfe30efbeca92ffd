/**
 * The API's one error family. Every error the API reports on purpose is an {@link AppError}: a code,
 * a public message that says what to change, optional public `data` (limits, the offending argument)
 * and an operator-only `reason` (engine text, SQL position, file paths) that is logged with the
 * request id and never sent to clients in production. Free of GraphQL: `src/server` maps these to
 * GraphQL error extensions. Anything that is not an AppError is a bug and is reported as an internal
 * error (masked in production).
 */

/** Machine-readable error codes carried in `extensions.code`. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  RANGE_TOO_LARGE: 'RANGE_TOO_LARGE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  CANCELLED: 'CANCELLED',
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  SUBSCRIPTIONS_NOT_SUPPORTED: 'SUBSCRIPTIONS_NOT_SUPPORTED',
  PERSISTED_QUERY_NOT_ALLOWED: 'PERSISTED_QUERY_NOT_ALLOWED',
} as const;
/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The code of every error that is not an {@link AppError} (a bug): its message is masked in production. */
export const INTERNAL_ERROR_CODE = 'INTERNAL_SERVER_ERROR';

/** Public values shown to clients beside the code (limits, the offending argument); JSON-serialisable. */
export type AppErrorData = Readonly<Record<string, string | number | boolean | null>>;

/** Options of {@link AppError}. */
export interface AppErrorOptions {
  /** Public values shown to clients in `extensions` (never put engine text here). */
  readonly data?: AppErrorData;
  /** Operator-only detail: logged with the request id, never sent to clients in production. */
  readonly reason?: string;
  readonly cause?: unknown;
}

/** Base of every error the API reports on purpose: a code and a public message that says what to change. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Public values shown beside the code; `{}` when there are none. */
  readonly data: AppErrorData;
  /** Operator-only detail (engine text, paths); undefined when the message says it all. */
  readonly reason?: string;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.data = options.data ?? {};
    if (options.reason !== undefined) this.reason = options.reason;
  }
}

/** The request's input is wrong; `argument` (in `data`) names the offending argument. */
export class BadUserInputError extends AppError {
  constructor(message: string, argument?: string, options: Omit<AppErrorOptions, 'data'> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, { ...options, data: argument ? { argument } : {} });
    this.name = 'BadUserInputError';
  }
}

/** What was asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends AppError {
  constructor(message: string, data?: AppErrorData) {
    super(ErrorCode.NOT_FOUND, message, { data });
    this.name = 'NotFoundError';
  }
}

/** The caller is known but may not read this. */
export class ForbiddenError extends AppError {
  constructor(message: string, data?: AppErrorData) {
    super(ErrorCode.FORBIDDEN, message, { data });
    this.name = 'ForbiddenError';
  }
}

/** The request carries no valid credentials. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Send a valid API key or token.') {
    super(ErrorCode.UNAUTHENTICATED, message);
    this.name = 'UnauthenticatedError';
  }
}

/** Options of {@link RangeTooLargeError}. */
export interface RangeTooLargeOptions {
  /** What the limit applies to, put in the message: e.g. "with interval HOUR", "workload at FIFTEEN_MIN intervals". */
  readonly scope?: string;
  /** The configuration variable that sets the limit, named in `data.limit` and the message. */
  readonly limit?: string;
  /** The interval the limit depends on, if any (`data.interval`). */
  readonly interval?: string;
  /** What to do instead; @default "Narrow 'from'/'to'." */
  readonly hint?: string;
}

/**
 * The requested time range is longer than one request may read. `data`: `days` (the range's length),
 * `maxDays` (the limit), and `limit`/`interval` when given.
 */
export class RangeTooLargeError extends AppError {
  /**
   * @param days - the range's length in days.
   * @param maxDays - the limit in days.
   */
  constructor(days: number, maxDays: number, options: RangeTooLargeOptions = {}) {
    const scope = options.scope ? ` ${options.scope}` : '';
    const limit = options.limit ? ` (${options.limit})` : '';
    super(
      ErrorCode.RANGE_TOO_LARGE,
      `The time range spans ${days} days;${scope} at most ${maxDays} ${maxDays === 1 ? 'day' : 'days'} may be read in one request${limit}. ${options.hint ?? "Narrow 'from'/'to'."}`,
      {
        data: {
          days,
          maxDays,
          ...(options.limit ? { limit: options.limit } : {}),
          ...(options.interval ? { interval: options.interval } : {}),
        },
      },
    );
    this.name = 'RangeTooLargeError';
  }
}

/** A query ran longer than the configured timeout and was stopped. */
export class QueryTimeoutError extends AppError {
  constructor(source: string, queryId: string, timeoutMs: number) {
    super(ErrorCode.QUERY_TIMEOUT, `The query did not finish within ${timeoutMs} ms and was stopped. Narrow the range or try again later.`, {
      data: { source, timeoutMs },
      reason: `${source} query ${queryId} timed out after ${timeoutMs} ms`,
    });
    this.name = 'QueryTimeoutError';
  }
}

/** Why a request's work was given up before it finished (see {@link RequestCancelledError}). */
export type CancelReason = 'timeout' | 'client_gone' | 'operation_ended';

/**
 * The work of a request or WebSocket operation was given up because nobody will read the answer:
 * the HTTP client disconnected (`client_gone`) or the subscription completed / its socket closed
 * (`operation_ended`). Used as an abort signal's reason; a client never sees it. A timeout is a
 * {@link QueryTimeoutError} instead, which the client does see.
 */
export class RequestCancelledError extends AppError {
  constructor(readonly cancelReason: Exclude<CancelReason, 'timeout'>) {
    super(ErrorCode.CANCELLED, cancelReason === 'client_gone' ? 'The client disconnected before the answer was ready.' : 'The operation ended before its work finished.', {
      data: { cancelReason },
    });
    this.name = 'RequestCancelledError';
  }
}

/** The {@link CancelReason} behind an abort signal's reason; `other` for anything else (e.g. a caller's own AbortController). */
export function cancelReasonOf(abortReason: unknown): CancelReason | 'other' {
  if (abortReason instanceof QueryTimeoutError) return 'timeout';
  if (abortReason instanceof RequestCancelledError) return abortReason.cancelReason;
  return 'other';
}

/** The backends an {@link UpstreamError} names. */
export type UpstreamSource = 'duckdb' | 'athena' | 'dynamodb' | 'redis' | 's3';

const UPSTREAM_MESSAGES: Record<UpstreamSource, string> = {
  duckdb: 'The history engine failed to answer; try again later.',
  athena: 'The history engine failed to answer; try again later.',
  dynamodb: 'The live agent state store failed to answer; try again later.',
  redis: 'The shared cache failed to answer; try again later.',
  s3: 'The data bucket failed to answer; try again later.',
};

/**
 * A backend (DuckDB, Athena, DynamoDB, Redis, the S3 data bucket) failed. The public message names only the kind of backend;
 * the backend's own text (SQL positions, file paths, SDK messages) is the operator-only `reason`.
 */
export class UpstreamError extends AppError {
  readonly source: UpstreamSource;
  constructor(source: UpstreamSource, reason: string, cause?: unknown) {
    super(ErrorCode.UPSTREAM_FAILED, UPSTREAM_MESSAGES[source], { data: { source }, reason, cause });
    this.name = 'UpstreamError';
    this.source = source;
  }
}

/** The caller sent more requests than its quota allows. */
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Too many requests; try again in ${retryAfterSeconds} s.`, { data: { retryAfterSeconds } });
    this.name = 'RateLimitedError';
  }
}

/** The operation would cost more than one request may (depth, fields, estimated rows). */
export class QueryTooComplexError extends AppError {
  constructor(message: string, data?: AppErrorData) {
    super(ErrorCode.QUERY_TOO_COMPLEX, message, { data });
    this.name = 'QueryTooComplexError';
  }
}

/** A subscription was sent where subscriptions are not served (HTTP); `where` says where they are. */
export class SubscriptionsNotSupportedError extends AppError {
  constructor(where: string) {
    super(ErrorCode.SUBSCRIPTIONS_NOT_SUPPORTED, `Subscriptions are not served over HTTP: ${where}`);
    this.name = 'SubscriptionsNotSupportedError';
  }
}

/** Trusted-documents mode: the request is not one of the operations registered at build time. */
export class PersistedQueryNotAllowedError extends AppError {
  constructor(message: string) {
    super(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, message);
    this.name = 'PersistedQueryNotAllowedError';
  }
}

/** The operator-facing detail of any error: an AppError's `reason` (or message), another error's message. */
export function operatorDetail(error: unknown): string {
  if (error instanceof AppError) return error.reason ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
