import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { BadUserInputError, RangeTooLargeError, UpstreamError } from '../../../../src/domain/errors';
import { appErrorOf, formatGraphqlError, INTERNAL_ERROR_MESSAGE, MAX_ERROR_MESSAGE_CHARS, toGraphQLError, withRequestId } from '../../../../src/server/graphql/graphql-errors';

/** What graphql-js and Apollo make of an error thrown in a resolver: a located GraphQLError, code defaulted. */
function asResolverError(thrown: Error): { formatted: GraphQLFormattedError; error: GraphQLError } {
  const error = new GraphQLError(thrown.message, { originalError: thrown, path: ['contacts'] });
  return { error, formatted: { ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR' } } };
}

const production = { production: true };
const development = { production: false };

describe('formatGraphqlError (the mapping to GraphQL error extensions)', () => {
  const upstream = new UpstreamError('duckdb', 'query contact_page: IO Error: No files found that match the pattern "/data/ctr/year=2026/part-1"');

  it('production: an AppError shows its code, public message and data, never its reason', () => {
    const { formatted, error } = asResolverError(upstream);
    expect(formatGraphqlError(formatted, error, production)).toEqual({
      message: 'The history engine failed to answer; try again later.',
      path: ['contacts'],
      extensions: { code: 'UPSTREAM_FAILED', source: 'duckdb' },
    });
    const range = asResolverError(new RangeTooLargeError(40, 31, { limit: 'MAX_RANGE_DAYS' }));
    expect(formatGraphqlError(range.formatted, range.error, production).extensions).toEqual({ code: 'RANGE_TOO_LARGE', days: 40, maxDays: 31, limit: 'MAX_RANGE_DAYS' });
  });

  it('development: the reason is shown in extensions for debugging', () => {
    const { formatted, error } = asResolverError(upstream);
    expect(formatGraphqlError(formatted, error, development).extensions).toEqual({ code: 'UPSTREAM_FAILED', source: 'duckdb', reason: upstream.reason });
  });

  it('production: anything else is INTERNAL_SERVER_ERROR with a generic message; development keeps the message', () => {
    const { formatted, error } = asResolverError(new TypeError("Cannot read properties of undefined (reading 'state')"));
    expect(formatGraphqlError(formatted, error, production)).toEqual({ message: INTERNAL_ERROR_MESSAGE, path: ['contacts'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(formatGraphqlError(formatted, error, development)).toMatchObject({ message: "Cannot read properties of undefined (reading 'state')", extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('a thrown error without a code (graphql-ws formats without Apollo) is internal too', () => {
    const error = new GraphQLError('duckdb: SELECT * FROM x', { originalError: new Error('duckdb: SELECT * FROM x') });
    expect(formatGraphqlError(error.toJSON(), error, production)).toEqual({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it("GraphQL's own errors (syntax, validation) pass unchanged: they quote only the operation", () => {
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatGraphqlError(validation.toJSON(), validation, production)).toEqual(validation.toJSON());
    const wsValidation = new GraphQLError('Cannot query field "nope" on type "Query".');
    expect(formatGraphqlError(wsValidation.toJSON(), wsValidation, production)).toEqual(wsValidation.toJSON());
  });

  it("graphql-ws: GraphQL's own errors without a code get the code of their phase (validation, variables); coded ones and thrown ones keep theirs", () => {
    const wsValidation = new GraphQLError('Cannot query field "nope" on type "Query".');
    expect(formatGraphqlError(wsValidation.toJSON(), wsValidation, { ...production, graphqlErrorCode: 'GRAPHQL_VALIDATION_FAILED' }).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const parse = new GraphQLError('Syntax Error: Unexpected "}".', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatGraphqlError(parse.toJSON(), parse, { ...production, graphqlErrorCode: 'GRAPHQL_VALIDATION_FAILED' }).extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const thrown = new GraphQLError('boom', { originalError: new Error('boom') });
    expect(formatGraphqlError(thrown.toJSON(), thrown, { ...production, graphqlErrorCode: 'BAD_USER_INPUT' })).toEqual({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it("graphql-js's variable error limit is the client's input (BAD_USER_INPUT), although Apollo codes it INTERNAL_SERVER_ERROR (found by the fuzz suite)", () => {
    const limit = new GraphQLError('Too many errors processing variables, error limit reached. Execution aborted.');
    const formatted = { ...limit.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(formatGraphqlError(formatted, limit, production)).toEqual({ message: limit.message, extensions: { code: 'BAD_USER_INPUT' } });
    // The same text thrown by code is still a bug, and masked.
    const thrown = new GraphQLError(limit.message, { originalError: new Error(limit.message) });
    expect(formatGraphqlError({ ...thrown.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR' } }, thrown, production).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('a request error Apollo answers with HTTP 400 but no code (persisted query hash mismatch) is BAD_REQUEST, not internal (found by the fuzz suite)', () => {
    const mismatch = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400, headers: new Map() } } });
    expect(formatGraphqlError({ message: mismatch.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, mismatch, production)).toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    const serverSide = new GraphQLError('boom', { extensions: { http: { status: 500 } } });
    expect(formatGraphqlError({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, serverSide, production).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('cuts messages that quote a huge input to MAX_ERROR_MESSAGE_CHARS and says so (found by the fuzz suite: 100 KB in, 220 KB per error out)', () => {
    const huge = `Variable "$a0" got invalid value "${'A'.repeat(100_000)}"; String cannot represent a non string value`;
    const coercion = new GraphQLError(huge, { extensions: { code: 'BAD_USER_INPUT' } });
    const { message, extensions } = formatGraphqlError(coercion.toJSON(), coercion, production);
    expect(message).toBe(`${huge.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (message cut: ${huge.length} characters)`);
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT' });
    const short = new GraphQLError('Cannot query field "nope" on type "Query".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatGraphqlError(short.toJSON(), short, production).message).toBe(short.message);
  });

  it('finds the AppError under nested GraphQL wrappers', () => {
    const app = new BadUserInputError('bad', 'after');
    const inner = new GraphQLError('bad', { originalError: app });
    expect(appErrorOf(new GraphQLError('bad', { originalError: inner }))).toBe(app);
    expect(appErrorOf(new GraphQLError('x'))).toBeUndefined();
  });

  it('toGraphQLError: code, data and an HTTP status for errors thrown before execution', () => {
    const error = toGraphQLError(new BadUserInputError('no mutations', 'operation'), 400);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'operation', http: { status: 400 } });
    expect(appErrorOf(error)).toBeInstanceOf(BadUserInputError);
  });

  it('withRequestId: every error carries the request id; upstream, timeout and internal messages quote it', () => {
    expect(withRequestId({ message: 'The history engine failed to answer; try again later.', extensions: { code: 'UPSTREAM_FAILED' } }, 'r-1')).toEqual({
      message: 'The history engine failed to answer; try again later (request id r-1).',
      extensions: { code: 'UPSTREAM_FAILED', requestId: 'r-1' },
    });
    expect(withRequestId({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, 'r-2').message).toBe('Internal server error (request id r-2).');
    expect(withRequestId({ message: "'first' must be between 1 and 100.", extensions: { code: 'BAD_USER_INPUT' } }, 'r-3')).toEqual({
      message: "'first' must be between 1 and 100.",
      extensions: { code: 'BAD_USER_INPUT', requestId: 'r-3' },
    });
  });
});
