/**
 * HTTP hygiene through the real server: CORS from an allowlist (preflight answered before GraphiQL
 * and authentication), security headers, GraphiQL and /metrics in production, extensions.stats rules.
 */
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(60_000);

const PORTAL = 'https://portal.example.com';
const EVIL = 'https://evil.example';
const SIMPLE_QUERY = '{ __typename }';

function preflight(url: string, origin: string, method = 'POST'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,authorization,x-api-key' },
  });
}

describe('CORS and security headers (development defaults, CORS_ORIGINS set)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: `${PORTAL}, https://wallboard.example.com:8443` });
  });
  afterAll(() => server?.stop());

  it.each(['/graphql', '/ingest/agent-events', '/reports/daily'])('answers the preflight of %s from an allowed origin with 204 and the CORS headers', async (path) => {
    const res = await preflight(`${server.url}${path}`, PORTAL);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    for (const header of ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-request-id']) expect(allowed).toContain(header);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it.each(['/graphql', '/ingest/agent-events'])('refuses the preflight of %s from evil.example: no Access-Control-Allow-Origin', async (path) => {
    const res = await preflight(`${server.url}${path}`, EVIL);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0]!.message).toContain('CORS_ORIGINS');
  });

  it('matches an allowed origin with an explicit port exactly, not a different port', async () => {
    expect((await preflight(`${server.url}/graphql`, 'https://wallboard.example.com:8443')).headers.get('access-control-allow-origin')).toBe('https://wallboard.example.com:8443');
    expect((await preflight(`${server.url}/graphql`, 'https://wallboard.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives a cross-origin POST from an allowed origin its origin back and exposes x-request-id and Retry-After', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { origin: PORTAL, 'content-type': 'application/json' }, body: JSON.stringify({ query: SIMPLE_QUERY }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect((res.headers.get('access-control-expose-headers') ?? '').toLowerCase()).toContain('x-request-id');
    expect((res.headers.get('access-control-expose-headers') ?? '').toLowerCase()).toContain('retry-after');
  });

  it('gives a POST from evil.example no Access-Control-Allow-Origin (the browser hides the answer)', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json' }, body: JSON.stringify({ query: SIMPLE_QUERY }) });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers on API answers, errors and the GraphiQL page', async () => {
    const answers = [
      await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SIMPLE_QUERY }) }),
      await fetch(`${server.url}/health`),
      await fetch(`${server.url}/no-such-route`),
      await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } }),
    ];
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps development behaviour: GraphiQL for browsers, /metrics on the main port, stats for the anonymous (all-scope) principal', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect([200, 503]).toContain(page.status); // 503 only when the bundle is not built yet
    expect(page.headers.get('content-type')).not.toContain('json');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    expect(server.stack.metricsUrl).toBe(`${server.url}/metrics`);
    const { body } = await postQuery(server.url, SIMPLE_QUERY);
    expect(body.extensions?.stats).toBeDefined();
  });
});

describe('production defaults (NODE_ENV=production, METRICS_PORT set)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', METRICS_PORT: '0', AUTH_ALLOW_ANONYMOUS: '1' });
  });
  afterAll(() => server?.stop());

  it('turns GraphiQL off: a browser gets 404 GRAPHIQL_DISABLED saying how to enable it or use POST', async () => {
    for (const path of ['/graphql', '/graphiql/', '/graphiql/main.js']) {
      const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(404);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('GRAPHIQL_DISABLED');
      expect(body.errors[0]!.message).toContain('GRAPHIQL=1');
      expect(body.errors[0]!.message).toContain('POST /graphql');
    }
    // GraphQL over GET and POST still works.
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent(SIMPLE_QUERY)}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(200);
    expect((await postQuery(server.url, SIMPLE_QUERY)).status).toBe(200);
  });

  it('serves /metrics only on the metrics port, which serves nothing else', async () => {
    expect(server.stack.metricsUrl).not.toBe(`${server.url}/metrics`);
    const metrics = await fetch(server.stack.metricsUrl);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_requests_total');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(server.stack.metricsUrl.replace('/metrics', '/graphql'))).status).toBe(404);
  });

  it('sends extensions.stats to an admin only with x-debug-stats: 1', async () => {
    expect((await postQuery(server.url, SIMPLE_QUERY)).body.extensions?.stats).toBeUndefined();
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-debug-stats': '1' }, body: JSON.stringify({ query: SIMPLE_QUERY }) });
    const body = (await res.json()) as { extensions?: { stats?: unknown } };
    expect(body.extensions?.stats).toEqual(expect.objectContaining({ backendCalls: {} }));
  });

  it('closes the metrics port when the server stops', async () => {
    const metricsUrl = server.stack.metricsUrl;
    await server.stop();
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});

describe('explicit switches override the environment default', () => {
  it('GRAPHIQL=0 turns the page off in development', async () => {
    const server = await startTestServer({ GRAPHIQL: '0' });
    try {
      const res = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
