import { agentEventRecord } from '../helpers/kinesis-factories';
import { writeApiKeyFile, type TestApiKey } from '../helpers/auth';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

/** The dashboard of issue 14: one day × HOUR × by QUEUE × 5 metrics, SERVICE_LEVEL at 20 s and 60 s. */
const DASHBOARD = `query Dashboard($from: DateTimeISO!, $to: DateTimeISO!) {
  metrics(input: {
    from: $from, to: $to, timeZone: "UTC", interval: HOUR, groupings: [{ key: QUEUE }]
    metrics: [
      { name: CONTACTS_HANDLED }, { name: CONTACTS_ABANDONED }, { name: AVG_HANDLE_TIME }
      { name: SERVICE_LEVEL, thresholds: [{ comparison: LT, seconds: 20 }, { comparison: LT, seconds: 60 }] }
      { name: AVG_QUEUE_ANSWER_TIME }
    ]
  }) { rows { intervalStartLocal dimensions { value } metrics { name value } } }
}`;
const DAY1 = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-20T00:00:00Z' };
const DAY2 = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' };

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[]; extensions?: Record<string, unknown> & { stats?: { responseCache?: { status: string; ageSeconds?: number } } } };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

async function get(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const res = await fetch(`${url}/graphql?${params}`, { headers: { 'apollo-require-preflight': '1', ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

const cacheStatusOf = (answer: Answer) => answer.body.extensions?.stats?.responseCache?.status;
/** The body without the per-request stats. */
const withoutStats = (answer: Answer) => ({ ...answer.body, extensions: { ...answer.body.extensions, stats: undefined } });

describe('response cache (RESPONSE_CACHE=1, the default)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a second identical request from the cache with an equal body, and says so in extensions.stats', async () => {
    const first = await post(server.url, DASHBOARD, DAY1);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(cacheStatusOf(first)).toBe('miss');
    expect((first.body.data as { metrics: { rows: unknown[] } }).metrics.rows.length).toBeGreaterThan(0);
    const second = await post(server.url, DASHBOARD, DAY1);
    expect(second.status).toBe(200);
    expect(cacheStatusOf(second)).toBe('hit');
    expect(second.body.extensions?.stats).toMatchObject({ backendCalls: {}, cacheHits: 0, cacheMisses: 0, responseCache: { status: 'hit', ageSeconds: expect.any(Number) } });
    expect(withoutStats(second)).toEqual(withoutStats(first));
    // extensions other than stats (cost) are kept with the answer.
    expect(second.body.extensions?.cost).toEqual(first.body.extensions?.cost);
    // The freshness watermark is awaited before the answer is stored, so a hit carries it too.
    expect(first.body.extensions?.dataAsOf).toMatchObject({ sources: { ctr: { newestPartition: expect.any(String) } }, complete: expect.any(Boolean) });
    expect(second.body.extensions?.dataAsOf).toEqual(first.body.extensions?.dataAsOf);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('x-request-id')).toBeTruthy();
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(second.headers.get('x-content-type-options')).toBe('nosniff');
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('keys on the normalized document: whitespace and comments do not matter, different variables never share', async () => {
    const spaced = `# the same dashboard\n${DASHBOARD.replace(/\n/g, '\n   ')}`;
    await post(server.url, DASHBOARD, DAY2);
    const respaced = await post(server.url, spaced, DAY2);
    expect(cacheStatusOf(respaced)).toBe('hit');
    const other = await post(server.url, DASHBOARD, { ...DAY2, to: '2026-11-20T12:00:00Z' });
    expect(cacheStatusOf(other)).toBe('miss');
    expect(other.body.data).not.toEqual(respaced.body.data);
  });

  it('sends a strong ETag and private max-age for closed days, and 304 without a body for If-None-Match on GET and POST', async () => {
    const first = await get(server.url, DASHBOARD, DAY1);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/^private, max-age=(8640\d|863\d\d)$/);
    const notModifiedGet = await get(server.url, DASHBOARD, DAY1, { 'if-none-match': etag });
    expect(notModifiedGet.status).toBe(304);
    expect(notModifiedGet.text).toBe('');
    expect(notModifiedGet.headers.get('etag')).toBe(etag);
    const notModifiedPost = await post(server.url, DASHBOARD, DAY1, { 'if-none-match': `W/"other", ${etag}` });
    expect(notModifiedPost.status).toBe(304);
    expect(notModifiedPost.text).toBe('');
    // Another answer: 200 with its own ETag, even when the old one is sent.
    const changed = await post(server.url, DASHBOARD, { ...DAY1, to: '2026-11-19T06:00:00Z' }, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('answers If-None-Match with 304 also on the request that executes (a miss)', async () => {
    const variables = { ...DAY1, to: '2026-11-19T03:00:00Z' };
    const send = async (operationName: string | undefined, headers: Record<string, string> = {}) => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: DASHBOARD, variables, operationName }) });
      const text = await res.text();
      return { status: res.status, etag: res.headers.get('etag'), text, status2: text === '' ? undefined : (JSON.parse(text) as Answer['body']).extensions?.stats?.responseCache?.status };
    };
    const first = await send(undefined);
    expect(first.status2).toBe('miss');
    // The operation name is part of the key: the same answer under another key executes (a miss) and still gets its 304.
    const named = await send('Dashboard', { 'if-none-match': first.etag! });
    expect(named.status).toBe(304);
    expect(named.text).toBe('');
    expect(named.etag).toBe(first.etag);
    // That execution was stored.
    const namedAgain = await send('Dashboard');
    expect(namedAgain.status2).toBe('hit');
  });

  it('never caches a query of live state: an ingested agent event changes the next answer', async () => {
    const LIVE = '{ agentStates { username activity } }';
    const before = await post(server.url, LIVE);
    expect(before.status).toBe(200);
    expect(cacheStatusOf(before)).toBe('bypass');
    expect(before.headers.get('cache-control')).toBe('no-store');
    expect(before.headers.get('etag') ?? '').not.toMatch(/^"/);
    const username = `rc-${Date.now()}`;
    const ingested = await fetch(`${server.url}/ingest/agent-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([agentEventRecord({ username, agentId: `0000-${Date.now()}`, EventTimestamp: new Date().toISOString() })]),
    });
    expect(ingested.status).toBe(200);
    const after = await post(server.url, LIVE);
    expect(cacheStatusOf(after)).toBe('bypass');
    expect((after.body.data as { agentStates: { username: string }[] }).agentStates.map((a) => a.username)).toContain(username);
    expect(after.body.data).not.toEqual(before.body.data);
  });

  it('never caches a document that selects a live field among history fields', async () => {
    const MIXED = '{ agents(first: 2) { edges { node { username state { activity } } } } }';
    await post(server.url, MIXED);
    const second = await post(server.url, MIXED);
    expect(cacheStatusOf(second)).toBe('bypass');
    expect(second.headers.get('cache-control')).toBe('no-store');
  });

  it('never caches errors', async () => {
    const bad = { from: DAY1.to, to: DAY1.from };
    const first = await post(server.url, DASHBOARD, bad);
    expect(first.body.errors?.length).toBeGreaterThan(0);
    const second = await post(server.url, DASHBOARD, bad);
    expect(second.body.errors?.length).toBeGreaterThan(0);
    expect(cacheStatusOf(second)).not.toBe('hit');
    expect(second.headers.get('cache-control')).not.toMatch(/max-age/);
  });
});

describe('response cache TTL through the server (CACHE_TTL_OPEN_DAY_SECONDS=1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CACHE_TTL_OPEN_DAY_SECONDS: '1' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps an answer touching today for the short TTL only', async () => {
    const now = Date.now();
    const today = { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() };
    const first = await post(server.url, DASHBOARD, today);
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('cache-control')).toBe('private, max-age=1');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await post(server.url, DASHBOARD, today);
    expect(cacheStatusOf(later)).toBe('miss');
  });
});

describe('response cache with RESPONSE_CACHE=0', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RESPONSE_CACHE: '0' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('executes every request, and marks every answer no-store', async () => {
    await post(server.url, DASHBOARD, DAY1);
    const second = await post(server.url, DASHBOARD, DAY1);
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect(second.body.extensions?.stats?.responseCache).toBeUndefined();
    expect(second.body.extensions?.stats).toMatchObject({ cacheHits: expect.any(Number) });
    expect((second.body.extensions?.stats as unknown as { cacheHits: number }).cacheHits).toBeGreaterThan(0);
  });
});

describe('response cache and principals (AUTH_MODE=apikey)', () => {
  const ALL = ['*'];
  const OPS: TestApiKey = { key: 'ak_ops_0123456789abcdef', principal: 'ops', instances: ALL, scopes: ['admin'] };
  const OPS2: TestApiKey = { key: 'ak_ops2_0123456789abcdef', principal: 'ops-2', instances: ALL, scopes: ['admin'] };
  const READER: TestApiKey = { key: 'ak_reader_0123456789abcdef', principal: 'portal', instances: ALL, scopes: ['metrics:read', 'contacts:read'] };
  const PII: TestApiKey = { key: 'ak_pii_0123456789abcdef', principal: 'pii-portal', instances: ALL, scopes: ['metrics:read', 'contacts:read', 'pii:read'] };
  const OTHER_INSTANCE: TestApiKey = { key: 'ak_other_0123456789abcdef', principal: 'other', instances: ['arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-0000-0000-000000000000'], scopes: ['admin'] };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile([OPS, OPS2, READER, PII, OTHER_INSTANCE]), RATE_LIMIT_PER_MINUTE: '600', RATE_LIMIT_BURST: '40' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** response_cache_lookups_total by outcome, from /metrics (admin). */
  async function outcomes(): Promise<Record<string, number>> {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': OPS.key } })).text();
    const counts: Record<string, number> = {};
    for (const match of text.matchAll(/^response_cache_lookups_total\{outcome="(\w+)"\} (\d+)/gm)) counts[match[1]!] = Number(match[2]);
    return counts;
  }

  it('shares answers between principals with the same scope, and between no others', async () => {
    const first = await post(server.url, DASHBOARD, DAY1, { 'x-api-key': OPS.key });
    expect(cacheStatusOf(first)).toBe('miss');
    const sameScope = await post(server.url, DASHBOARD, DAY1, { 'x-api-key': OPS2.key });
    expect(cacheStatusOf(sameScope)).toBe('hit');
    const otherInstance = await post(server.url, DASHBOARD, DAY1, { 'x-api-key': OTHER_INSTANCE.key });
    expect(cacheStatusOf(otherInstance)).toBe('miss');
    expect(otherInstance.body.data).not.toEqual(first.body.data);
  });

  it('keeps principals with different scopes apart: a PII reader and a plain reader never share', async () => {
    const CONTACTS = 'query($filter: ContactFilter!) { contacts(filter: $filter, first: 5) { edges { node { contactId customerEndpoint { address } } } } }';
    const variables = { filter: DAY1 };
    const before = await outcomes();
    const reader = await post(server.url, CONTACTS, variables, { 'x-api-key': READER.key });
    const pii = await post(server.url, CONTACTS, variables, { 'x-api-key': PII.key });
    expect(reader.status).toBe(200);
    expect(pii.status).toBe(200);
    expect(pii.body.data).not.toEqual(reader.body.data);
    const readerAgain = await post(server.url, CONTACTS, variables, { 'x-api-key': READER.key });
    expect(readerAgain.body.data).toEqual(reader.body.data);
    const after = await outcomes();
    expect((after.miss ?? 0) - (before.miss ?? 0)).toBe(2);
    expect((after.hit ?? 0) - (before.hit ?? 0)).toBe(1);
    // Stats are for admin principals only, on hits too.
    expect(readerAgain.body.extensions?.stats).toBeUndefined();
  });

  it('never answers an unauthenticated request from the cache', async () => {
    await post(server.url, DASHBOARD, DAY1, { 'x-api-key': OPS.key });
    const anonymous = await post(server.url, DASHBOARD, DAY1);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data).toBeUndefined();
    const wrongKey = await get(server.url, DASHBOARD, DAY1, { 'x-api-key': 'ak_guessed_key' });
    expect(wrongKey.status).toBe(401);
  });
});

describe('response cache rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '2' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('still limits a principal whose requests are cache hits', async () => {
    const first = await post(server.url, DASHBOARD, DAY1);
    const second = await post(server.url, DASHBOARD, DAY1);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(cacheStatusOf(second)).toBe('hit');
    const third = await post(server.url, DASHBOARD, DAY1);
    expect(third.status).toBe(429);
    expect(third.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});

describe('response cache shared through Redis', () => {
  let redis: RedisServer;
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    first = await startTestServer({ REDIS_URL: redis.url });
    second = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await redis?.stop();
  });

  it('answers a second instance from the entry the first stored', async () => {
    const computed = await post(first.url, DASHBOARD, DAY2);
    expect(cacheStatusOf(computed)).toBe('miss');
    // The first instance stores in Redis without making the client wait: give the write a moment.
    let shared: Answer | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      shared = await post(second.url, DASHBOARD, DAY2);
      if (cacheStatusOf(shared) === 'hit') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(cacheStatusOf(shared!)).toBe('hit');
    expect(withoutStats(shared!)).toEqual(withoutStats(computed));
    expect(shared!.headers.get('etag')).toBe(computed.headers.get('etag'));
  });
});
