import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../domain/errors';

/**
 * Apollo `formatError`: the API's own errors (AppError: a code and a message that says what to
 * change) and GraphQL validation errors pass through; with `maskInternal` (production) any other
 * error becomes "Internal server error" so internals never leak.
 */
export function formatError(maskInternal: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    const code = formatted.extensions?.code;
    if (maskInternal && code === 'INTERNAL_SERVER_ERROR' && !(original instanceof AppError)) {
      return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code } };
    }
    return formatted;
  };
}
