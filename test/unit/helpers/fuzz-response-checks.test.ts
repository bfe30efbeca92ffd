/** The fuzz suite's verdict (test/helpers/fuzz/response-checks.ts) catches leaks and only leaks: it must be able to fail. */
import { judgeResponse, scrubEchoes } from '../../helpers/fuzz/response-checks';

const json = (body: unknown) => JSON.stringify(body);
const error = (message: string, code = 'BAD_USER_INPUT') => ({ errors: [{ message, extensions: { code } }], data: null });

describe('judgeResponse', () => {
  it('passes coded client errors and plain data', () => {
    expect(judgeResponse(400, json(error("'from' must be before 'to'.")), []).problems).toEqual([]);
    expect(judgeResponse(200, json({ data: { contacts: { edges: [] } } }), []).problems).toEqual([]);
    expect(judgeResponse(200, json({ data: { contacts: { edges: [] } } }), []).codes).toEqual(['OK']);
  });

  it('flags INTERNAL_SERVER_ERROR, errors without a code, and HTTP 5xx other than a coded 503/504', () => {
    expect(judgeResponse(200, json(error('Internal server error', 'INTERNAL_SERVER_ERROR')), []).problems).toHaveLength(1);
    expect(judgeResponse(200, json({ errors: [{ message: 'Variable "$a0" got invalid value' }] }), []).problems).toHaveLength(1);
    expect(judgeResponse(500, json(error('x', 'UPSTREAM_FAILED')), []).problems).toHaveLength(1);
    expect(judgeResponse(502, 'Bad Gateway', []).problems).toHaveLength(1);
    expect(judgeResponse(504, json(error('The query did not finish within 100 ms', 'QUERY_TIMEOUT')), []).problems).toEqual([]);
    expect(judgeResponse(503, json(error('x', 'INTERNAL_SERVER_ERROR')), []).problems.length).toBeGreaterThan(0);
  });

  it('flags an error message that echoes a huge input whole', () => {
    expect(judgeResponse(400, json(error(`got "${'A'.repeat(100_000)}"`)), ['A'.repeat(100_000)]).problems).toHaveLength(1);
  });

  it('flags SQL and engine text, stack frames and server paths', () => {
    const leaks = [
      'Binder Error: Referenced column "x" not found',
      'SELECT contact_id FROM ctr WHERE year = 2026',
      "IO Error: No files found that match the pattern read_json_auto('x')",
      'DuckDB failed',
      'TypeError: x is undefined\n    at ContactService.listContacts (/work/main/dist/src/services/contact.service.js:40:11)',
      'failed in contact.service.ts:40',
      'ENOENT: no such file or directory, open \'/tmp/cagql-test-1/data/ctr\'',
      'Cannot find module in node_modules/@duckdb/node-api',
    ];
    for (const leak of leaks) expect({ leak, flagged: judgeResponse(200, json(error(leak)), []).problems.length > 0 }).toEqual({ leak, flagged: true });
    expect(judgeResponse(413, 'PayloadTooLargeError: request entity too large\n    at readStream (/work/node_modules/raw-body/index.js:1:1)', []).problems.length).toBeGreaterThan(0);
  });

  it("does not count the client's own input echoed back as a leak, escaped or not", () => {
    const injection = "'; SELECT * FROM read_json_auto('/etc/passwd'); --";
    expect(judgeResponse(200, json(error(`'${injection}' is not an IANA time zone; use a name such as UTC.`)), [injection]).problems).toEqual([]);
    const quoted = 'x" WHERE 1=1 --';
    expect(judgeResponse(400, json(error(`Variable "$a0" got invalid value ${JSON.stringify(quoted)}; String cannot represent a non string value`, 'BAD_USER_INPUT')), [quoted]).problems).toEqual([]);
    // Only what was sent is scrubbed: engine text around an echo still counts.
    expect(judgeResponse(200, json(error(`Binder Error near '${injection}'`)), [injection]).problems.length).toBeGreaterThan(0);
  });

  it('scrubEchoes keeps strings under 3 characters (removing every "a" would blind the matchers)', () => {
    expect(scrubEchoes('at x (/work/a.js:1:1)', ['a', 'at'])).toBe('at x (/work/a.js:1:1)');
    expect(scrubEchoes('got "A\\u0000B"', ['A\u0000B'])).toBe('got "«echo»"');
  });
});
