import fs from 'node:fs';
import path from 'node:path';
import {
  AppError,
  BadUserInputError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  operatorDetail,
  PersistedQueryNotAllowedError,
  QueryTimeoutError,
  QueryTooComplexError,
  RangeTooLargeError,
  RateLimitedError,
  RequestCancelledError,
  cancelReasonOf,
  SubscriptionsNotSupportedError,
  UnauthenticatedError,
  UpstreamError,
} from '../../../src/domain/errors';

describe('the AppError family', () => {
  it('gives every code of the API one class, each an AppError and an Error with its code', () => {
    const errors: [AppError, string][] = [
      [new BadUserInputError("'first' must be between 1 and 100.", 'first'), 'BAD_USER_INPUT'],
      [new NotFoundError('No contact c1.'), 'NOT_FOUND'],
      [new ForbiddenError('This key may not read instance i1.'), 'FORBIDDEN'],
      [new UnauthenticatedError(), 'UNAUTHENTICATED'],
      [new RangeTooLargeError(40, 31), 'RANGE_TOO_LARGE'],
      [new QueryTimeoutError('athena', 'contact_page', 120_000), 'QUERY_TIMEOUT'],
      [new UpstreamError('duckdb', 'query contact_page: IO Error'), 'UPSTREAM_FAILED'],
      [new RateLimitedError(30), 'RATE_LIMITED'],
      [new QueryTooComplexError('The operation selects 12 levels; at most 10 are allowed.', { maxDepth: 10 }), 'QUERY_TOO_COMPLEX'],
      [new SubscriptionsNotSupportedError('use graphql-ws.'), 'SUBSCRIPTIONS_NOT_SUPPORTED'],
      [new PersistedQueryNotAllowedError('Only registered operations are accepted.'), 'PERSISTED_QUERY_NOT_ALLOWED'],
      [new RequestCancelledError('client_gone'), 'CANCELLED'],
    ];
    expect(errors.map(([, code]) => code).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const [error, code] of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it('keeps public data and the operator-only reason apart', () => {
    const error = new BadUserInputError("'after' is not a cursor.", 'after');
    expect(error.data).toEqual({ argument: 'after' });
    expect(error.reason).toBeUndefined();
    expect(new BadUserInputError('bad', undefined, { reason: 'detail' }).reason).toBe('detail');
    expect(new NotFoundError('gone').data).toEqual({});
  });

  it('has ONE range-too-large class: the limit, the length and what it applies to in data, the limit named in the message', () => {
    const plain = new RangeTooLargeError(59, 31);
    expect(plain).toMatchObject({ code: 'RANGE_TOO_LARGE', data: { days: 59, maxDays: 31 } });
    expect(plain.message).toBe("The time range spans 59 days; at most 31 days may be read in one request. Narrow 'from'/'to'.");
    const metrics = new RangeTooLargeError(3.5, 3, { scope: 'with interval HOUR', limit: 'MAX_METRICS_RANGE_DAYS_INTRADAY', interval: 'HOUR', hint: 'Choose a longer interval.' });
    expect(metrics.data).toEqual({ days: 3.5, maxDays: 3, limit: 'MAX_METRICS_RANGE_DAYS_INTRADAY', interval: 'HOUR' });
    expect(metrics.message).toBe('The time range spans 3.5 days; with interval HOUR at most 3 days may be read in one request (MAX_METRICS_RANGE_DAYS_INTRADAY). Choose a longer interval.');
    expect(new RangeTooLargeError(2, 1).message).toContain('at most 1 day may');
  });

  it('UpstreamError: a public message that names only the kind of backend; the engine text is the reason', () => {
    const cause = new Error('IO Error: No files found that match the pattern "/data/ctr/year=2026/month=12/day=05/part-1"');
    const error = new UpstreamError('duckdb', `query contact_page: ${cause.message}`, cause);
    expect(error.message).toBe('The history engine failed to answer; try again later.');
    expect(error).toMatchObject({ source: 'duckdb', data: { source: 'duckdb' }, cause });
    expect(error.reason).toContain('/data/ctr/year=2026');
    expect(new UpstreamError('athena', 'x').message).toBe(error.message);
    expect(new UpstreamError('dynamodb', 'Scan on t: ECONNREFUSED').message).toBe('The live agent state store failed to answer; try again later.');
    for (const source of ['duckdb', 'athena', 'dynamodb', 'redis', 's3'] as const) expect(new UpstreamError(source, 'SELECT 1 /tmp/x').message).not.toMatch(/SELECT|\/tmp/);
  });

  it('cancelReasonOf names why a signal aborted: timeout, client gone, operation ended, or other', () => {
    expect(cancelReasonOf(new QueryTimeoutError('server', 'request r1', 100))).toBe('timeout');
    expect(cancelReasonOf(new RequestCancelledError('client_gone'))).toBe('client_gone');
    expect(cancelReasonOf(new RequestCancelledError('operation_ended'))).toBe('operation_ended');
    expect(cancelReasonOf(new DOMException('This operation was aborted', 'AbortError'))).toBe('other');
  });

  it('QueryTimeoutError: the limit is public, the query id is the reason', () => {
    const error = new QueryTimeoutError('athena', 'contact_page', 5_000);
    expect(error).toMatchObject({ data: { source: 'athena', timeoutMs: 5_000 }, reason: 'athena query contact_page timed out after 5000 ms' });
    expect(error.message).not.toContain('contact_page');
  });

  it('operatorDetail: the reason of an AppError, else the message', () => {
    expect(operatorDetail(new UpstreamError('dynamodb', 'BatchGet on t: throttled'))).toBe('BatchGet on t: throttled');
    expect(operatorDetail(new BadUserInputError('bad'))).toBe('bad');
    expect(operatorDetail(new TypeError('boom'))).toBe('boom');
    expect(operatorDetail('text')).toBe('text');
  });

  it('the domain does not import GraphQL', () => {
    const domain = path.resolve(__dirname, '../../../src/domain');
    const files = (fs.readdirSync(domain, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect([file, fs.readFileSync(path.join(domain, file), 'utf8')]).not.toEqual([file, expect.stringMatching(/from 'graphql'|require\('graphql'\)/)]);
  });
});
