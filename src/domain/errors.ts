import { GraphQLError } from 'graphql';

/** Machine-readable error codes carried in `extensions.code`. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  RANGE_TOO_LARGE: 'RANGE_TOO_LARGE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base of every error the API reports on purpose: a GraphQL error with a code and a message that says what to change. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, { extensions: { ...extensions, code }, originalError: options?.cause instanceof Error ? options.cause : undefined });
    this.name = 'AppError';
  }

  /** The error's code. */
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** The request's input is wrong; `argument` names the offending argument. */
export class BadUserInputError extends AppError {
  constructor(message: string, argument?: string) {
    super(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
    this.name = 'BadUserInputError';
  }
}

/** The requested time range spans more days than one request may read. */
export class RangeTooLargeError extends AppError {
  constructor(days: number, maxDays: number) {
    super(ErrorCode.RANGE_TOO_LARGE, `The time range spans ${days} days; at most ${maxDays} days may be read in one request. Narrow 'from'/'to'.`, {
      days,
      maxDays,
    });
    this.name = 'RangeTooLargeError';
  }
}

/** A backend (DuckDB, Athena, DynamoDB) failed; the reason is kept for operators. */
export class UpstreamError extends AppError {
  constructor(source: string, reason: string, cause?: unknown) {
    super(ErrorCode.UPSTREAM_FAILED, `${source} failed: ${reason}`, { source }, { cause });
    this.name = 'UpstreamError';
  }
}

/** A query ran longer than the configured timeout and was stopped. */
export class QueryTimeoutError extends AppError {
  constructor(source: string, queryId: string, timeoutMs: number) {
    super(ErrorCode.QUERY_TIMEOUT, `${source} query ${queryId} did not finish within ${timeoutMs} ms and was stopped. Narrow the range or try again later.`, {
      source,
      queryId,
      timeoutMs,
    });
    this.name = 'QueryTimeoutError';
  }
}
