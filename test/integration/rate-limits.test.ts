/**
 * Rate limits per principal through the real server: a bucket of RATE_LIMIT_BURST requests per
 * principal (by client IP for the anonymous principal), in memory or shared through a real
 * redis-server, 429 RATE_LIMITED with Retry-After over it, fail-open when Redis is unreachable.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { ALL_INSTANCES, type Principal } from '../../src/domain/principal';
import { setRequestPrincipal } from '../../src/server/auth/request-principal';
import { createRateLimiter } from '../../src/server/rate-limit.middleware';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(90_000);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };
}

/** One HTTP request to `url` + `path` sent from the loopback address `from` (127.0.0.x: another client IP). */
function request(url: string, options: { path?: string; method?: string; from?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const target = new URL(options.path ?? '/graphql', url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: options.method ?? 'POST',
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), 'apollo-require-preflight': '1', ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : {} }));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

const QUERY = { query: '{ serverTime }' };

/** An API-key principal with the given id. */
const principalOf = (id: string): Principal => ({ id, method: 'apikey', scopes: new Set(['metrics:read']), instances: ALL_INSTANCES });

function expectRateLimited(answer: Answer, maxSeconds: number): void {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(answer.body).toEqual({ errors: [{ message: `Too many requests; try again in ${retryAfter} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] });
}

describe('rate limits in memory (RATE_LIMIT_BURST=3, RATE_LIMIT_PER_MINUTE=1: a full bucket every 180 s)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lets a client send its burst, then answers 429 RATE_LIMITED with Retry-After; another client IP is unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await request(server.url, { body: QUERY, from: '127.0.0.2' })).status).toBe(200);
    expectRateLimited(await request(server.url, { body: QUERY, from: '127.0.0.2' }), 180);
    // GET /graphql and /ingest count against the same bucket.
    expectRateLimited(await request(server.url, { method: 'GET', path: '/graphql?query=%7BserverTime%7D', from: '127.0.0.2' }), 180);
    expectRateLimited(await request(server.url, { path: '/ingest/agent-events', body: [], from: '127.0.0.2' }), 180);
    // Not limited: other client IPs, health checks, CORS preflights.
    expect((await request(server.url, { body: QUERY, from: '127.0.0.3' })).status).toBe(200);
    expect((await request(server.url, { method: 'GET', path: '/health', from: '127.0.0.2' })).status).toBe(200);
    expect((await request(server.url, { method: 'OPTIONS', from: '127.0.0.2', headers: { origin: 'http://localhost', 'access-control-request-method': 'POST' } })).status).not.toBe(429);
  });

  it('limits /ingest/agent-events and counts refusals in graphql_limit_rejections_total{reason="rate"}', async () => {
    for (let i = 0; i < 3; i++) expect((await request(server.url, { path: '/ingest/agent-events', body: [], from: '127.0.0.4' })).status).toBe(200);
    expectRateLimited(await request(server.url, { path: '/ingest/agent-events', body: [], from: '127.0.0.4' }), 180);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/graphql_limit_rejections_total\{reason="rate"\} [1-9]/);
  });

  it('limits /ingest/contact-events the same way (the whole /ingest prefix is guarded)', async () => {
    for (let i = 0; i < 3; i++) expect((await request(server.url, { path: '/ingest/contact-events', body: [], from: '127.0.0.5' })).status).toBe(200);
    expectRateLimited(await request(server.url, { path: '/ingest/contact-events', body: [], from: '127.0.0.5' }), 180);
  });
});

describe('RATE_LIMIT_PER_MINUTE=0', () => {
  it('turns rate limiting off', async () => {
    const server = await startTestServer({ RATE_LIMIT_BURST: '1', RATE_LIMIT_PER_MINUTE: '0' });
    try {
      for (let i = 0; i < 5; i++) expect((await request(server.url, { body: QUERY })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('the bucket key', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // The authentication middleware sets the principal; here a header names it, in front of the real rate limiter.
    const limiter = await createRateLimiter({ ratePerMinute: 1, burst: 2, logger: pino({ level: 'silent' }) });
    const app = express();
    app.use((req, res, next) => {
      const id = req.header('x-test-principal');
      if (id) setRequestPrincipal(res, principalOf(id));
      next();
    });
    app.use(limiter.middleware);
    app.post('/graphql', (_req, res) => {
      res.json({ data: { ok: true } });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is the principal id for an authenticated principal, whatever its IP; another principal is unaffected', async () => {
    expect((await request(url, { body: QUERY, from: '127.0.0.2', headers: { 'x-test-principal': 'alice' } })).status).toBe(200);
    expect((await request(url, { body: QUERY, from: '127.0.0.3', headers: { 'x-test-principal': 'alice' } })).status).toBe(200);
    expectRateLimited(await request(url, { body: QUERY, from: '127.0.0.4', headers: { 'x-test-principal': 'alice' } }), 120);
    expect((await request(url, { body: QUERY, from: '127.0.0.2', headers: { 'x-test-principal': 'bob' } })).status).toBe(200);
    // The anonymous principal is keyed by IP: 127.0.0.2 has its own bucket.
    expect((await request(url, { body: QUERY, from: '127.0.0.2' })).status).toBe(200);
  });
});

describe('rate limits in Redis (REDIS_URL)', () => {
  let redis: RedisServer;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { REDIS_URL: redis.url, RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1' };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('shares one bucket per client across server instances', async () => {
    expect((await request(a.url, { body: QUERY, from: '127.0.0.6' })).status).toBe(200);
    expect((await request(b.url, { body: QUERY, from: '127.0.0.6' })).status).toBe(200);
    expect((await request(a.url, { body: QUERY, from: '127.0.0.6' })).status).toBe(200);
    expectRateLimited(await request(b.url, { body: QUERY, from: '127.0.0.6' }), 180);
    expectRateLimited(await request(a.url, { body: QUERY, from: '127.0.0.6' }), 180);
    expect((await request(b.url, { body: QUERY, from: '127.0.0.7' })).status).toBe(200);
  });
});

describe('rate limits when Redis stops answering', () => {
  it('let requests through (fail open) and log a warning', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    const redis = await startRedisServer();
    const server = await startTestServer({ REDIS_URL: redis.url, RATE_LIMIT_BURST: '1', RATE_LIMIT_PER_MINUTE: '1' }, { logger });
    try {
      expect((await request(server.url, { body: QUERY, from: '127.0.0.8' })).status).toBe(200);
      expectRateLimited(await request(server.url, { body: QUERY, from: '127.0.0.8' }), 60);
      await redis.stop();
      for (let i = 0; i < 3; i++) expect((await request(server.url, { body: QUERY, from: '127.0.0.8' })).status).toBe(200);
      expect(lines.filter((l) => l.includes('rate limiter store unavailable'))).toHaveLength(1);
    } finally {
      await server.stop();
      await redis.stop();
    }
  });
});
