import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, INTERNAL_ERROR_CODE } from '../../../domain/errors';

/**
 * The HTTP status of a saved report whose operation answered GraphQL errors. A report is all or
 * nothing (a BI tool reads a file, not partial data), so the first error decides. HTTP-free.
 */

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.RANGE_TOO_LARGE]: 400,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  [ErrorCode.PERSISTED_QUERY_NOT_ALLOWED]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TIMEOUT]: 504,
  [ErrorCode.CANCELLED]: 499,
  [ErrorCode.UPSTREAM_FAILED]: 502,
  [INTERNAL_ERROR_CODE]: 500,
};

/** The HTTP status of a GraphQL error code (an unknown code: 500). */
export function httpStatusOfCode(code: unknown): number {
  return (typeof code === 'string' ? STATUS_BY_CODE[code] : undefined) ?? 500;
}

/** The HTTP status of a report answer with errors: the first error's code decides. */
export function httpStatusOfErrors(errors: readonly GraphQLFormattedError[]): number {
  return httpStatusOfCode(errors[0]?.extensions?.code);
}
