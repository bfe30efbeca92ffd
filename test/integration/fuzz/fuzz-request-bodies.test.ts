/**
 * Fuzz suite, request level: malformed /graphql requests (bodies that are not JSON, the wrong JSON,
 * batches, persisted-query extensions, odd content types, deep nesting) and generated JSON bodies
 * around a valid query, against the real server in production mode. Same verdict as the argument
 * fuzzing (response-checks.ts): no 5xx, no INTERNAL_SERVER_ERROR or uncoded error, no SQL, stack or path.
 *
 *   FUZZ_SEED=<seed> npx jest test/integration/fuzz/fuzz-request-bodies.test.ts
 */
import fc from 'fast-check';
import { judgeResponse } from '../../helpers/fuzz/response-checks';
import { startTestServer, type TestServer } from '../../helpers/test-server';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const GENERATED_BODIES = 150;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' });
});

afterAll(async () => {
  await server?.stop();
});

async function send(contentType: string, body: string, method = 'POST', search = ''): Promise<{ status: number; text: string }> {
  // apollo-require-preflight: Apollo's CSRF guard would otherwise refuse the simple content types before reading them.
  const res = await fetch(`${server.url}/graphql${search}`, { method, headers: { 'content-type': contentType, 'apollo-require-preflight': '1' }, ...(method === 'POST' ? { body } : {}) });
  return { status: res.status, text: await res.text() };
}

const TYPENAME = '{ __typename }';

/** [content type, body]: each a way a client gets the request wrong. */
const MALFORMED: readonly (readonly [string, string])[] = [
  ['application/json', '{'],
  ['application/json', ''],
  ['application/json', '[]'],
  ['application/json', JSON.stringify([{ query: TYPENAME }, { query: TYPENAME }])],
  ['application/json', '{"query":1}'],
  ['application/json', JSON.stringify({ query: TYPENAME, variables: 'x' })],
  ['application/json', JSON.stringify({ query: TYPENAME, variables: [1] })],
  ['application/json', JSON.stringify({ query: TYPENAME, operationName: 1 })],
  ['application/json', JSON.stringify({ query: TYPENAME, operationName: 'Missing' })],
  ['application/json', JSON.stringify({ query: TYPENAME, extensions: 1 })],
  ['application/json', JSON.stringify({ query: TYPENAME, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } })],
  ['application/json', JSON.stringify({ query: TYPENAME, extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } })],
  ['application/json', JSON.stringify({ query: TYPENAME, extensions: { persistedQuery: 1 } })],
  ['application/json', JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } })],
  ['application/json', JSON.stringify({ query: 'mutation { x }' })],
  ['application/json', JSON.stringify({ query: 'query A { __typename } query B { __typename }' })],
  ['application/json', JSON.stringify({ query: "{ contacts(filter: { from: \"' OR 1=1 --\", to: \"x\" }) { edges { cursor } } }" })],
  ['application/json', '"x"'],
  ['application/json', 'null'],
  ['application/json', '['.repeat(100_000)],
  ['application/json', `{"query":"{ __typename }","variables":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}}`],
  ['application/json', JSON.stringify({ query: `{ ${'__typename '.repeat(5_000)}}` })],
  ['application/json', JSON.stringify({ query: `{ ${'a: '.repeat(1)}${'__typename @skip(if: false) '.repeat(200)}}` })],
  ['application/json', JSON.stringify({ query: `query { ${'agents { edges { node { contacts(from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z") { edges { node { agent { '.repeat(3)} id ${'} } } } } } } } '.repeat(3)} }` })],
  ['application/json', JSON.stringify({ query: TYPENAME, variables: { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } } })],
  ['application/json; charset=utf-16', '{}'],
  ['application/json; charset=latin1', JSON.stringify({ query: TYPENAME })],
  ['text/plain', TYPENAME],
  ['application/graphql', TYPENAME],
  ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--x--'],
];

describe('fuzzing request bodies (production mode)', () => {
  it('answers each malformed request with a coded client error, and nothing leaks', async () => {
    for (const [contentType, body] of MALFORMED) {
      const { status, text } = await send(contentType, body);
      const verdict = judgeResponse(status, text, [body]);
      expect({ request: `${contentType} ${body.slice(0, 120)}`, status: status < 500, problems: verdict.problems }).toEqual({ request: `${contentType} ${body.slice(0, 120)}`, status: true, problems: [] });
    }
  });

  it('answers malformed GET requests the same way', async () => {
    for (const search of ['?query=%7B', '?query=%7B__typename%7D&variables=%7B', '?query=%7B__typename%7D&extensions=x', `?query=${'%7B'.repeat(2_000)}`, '?query=mutation%20%7Bx%7D']) {
      const { status, text } = await send('application/json', '', 'GET', search);
      expect({ search, problems: judgeResponse(status, text, [decodeURIComponent(search)]).problems, status: status < 500 }).toEqual({ search, problems: [], status: true });
    }
  });

  it('answers generated JSON bodies around a valid query without 5xx, internal errors or leaks', async () => {
    const field = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.string());
    const body = fc.record({ query: fc.oneof(fc.constant(TYPENAME), fc.string(), fc.jsonValue({ maxDepth: 2 })), variables: field, operationName: field, extensions: field });
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const text = JSON.stringify(value);
        const response = await send('application/json', text);
        sent += 1;
        const verdict = judgeResponse(response.status, response.text, [text, ...Object.values(value).filter((v): v is string => typeof v === 'string')]);
        if (verdict.problems.length > 0) throw new Error(`${verdict.problems.join('\n')}\nbody: ${text.slice(0, 2_000)}`);
      }),
      { seed: SEED, numRuns: GENERATED_BODIES },
    );
    expect(sent).toBeGreaterThanOrEqual(GENERATED_BODIES);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 120_000);
});
