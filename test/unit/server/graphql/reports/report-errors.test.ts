import { httpStatusOfCode, httpStatusOfErrors } from '../../../../../src/server/graphql/reports/report-errors';

describe('httpStatusOfErrors', () => {
  it.each([
    ['BAD_USER_INPUT', 400],
    ['RANGE_TOO_LARGE', 400],
    ['QUERY_TOO_COMPLEX', 400],
    ['GRAPHQL_VALIDATION_FAILED', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['RATE_LIMITED', 429],
    ['QUERY_TIMEOUT', 504],
    ['UPSTREAM_FAILED', 502],
    ['INTERNAL_SERVER_ERROR', 500],
    ['SOMETHING_NEW', 500],
  ])('maps %s to %i', (code, status) => {
    expect(httpStatusOfCode(code)).toBe(status);
  });

  it('lets the first error decide, and treats an error without a code as internal', () => {
    expect(httpStatusOfErrors([{ message: 'a', extensions: { code: 'FORBIDDEN' } }, { message: 'b', extensions: { code: 'QUERY_TIMEOUT' } }])).toBe(403);
    expect(httpStatusOfErrors([{ message: 'a' }])).toBe(500);
  });
});
