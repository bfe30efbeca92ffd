import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { ContactByIdQuery, ContactByIdQueryVariables, ContactsPageQuery, ContactsPageQueryVariables } from '../generated/operations';
import { postOperation, postQuery } from '../helpers/graphql-client';
import { readRaw } from '../helpers/raw-records';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

interface RawCtr {
  ContactId: string;
  InitiationTimestamp: string;
  LastUpdateTimestamp: string;
  Channel: string;
}

const range = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-21T00:00:00Z' };

describe('GraphQL server over generated data (real DuckDB, dynalite, HTTP and WebSocket)', () => {
  let server: TestServer;
  let raw: RawCtr[];

  beforeAll(async () => {
    server = await startTestServer();
    raw = readRaw<RawCtr>(server.dataDir, 'ctr');
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function allPages(pageSize: number, filter: ContactsPageQueryVariables['filter'] = range) {
    const nodes: NonNullable<ContactsPageQuery['contacts']>['edges'][number]['node'][] = [];
    let after: string | null | undefined;
    for (let i = 0; i < 1000; i++) {
      const { body } = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(server.url, 'contacts', 'ContactsPage', { filter, first: pageSize, after });
      expect(body.errors).toBeUndefined();
      const page = body.data!.contacts;
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  it('lists every contact once, carrying its latest delivery, in initiation order', async () => {
    const nodes = await allPages(500);
    const latest = new Map<string, string>();
    for (const r of raw) {
      const t = Date.parse(r.InitiationTimestamp);
      if (t < Date.parse(range.from) || t >= Date.parse(range.to)) continue;
      const seen = latest.get(r.ContactId);
      if (!seen || Date.parse(r.LastUpdateTimestamp) > Date.parse(seen)) latest.set(r.ContactId, r.LastUpdateTimestamp);
    }
    expect(raw.length).toBeGreaterThan(latest.size); // the generator re-delivers some CTRs
    expect(nodes).toHaveLength(latest.size);
    expect(new Set(nodes.map((n) => n.contactId)).size).toBe(nodes.length);
    for (const n of nodes) expect(Date.parse(n.lastUpdateTimestamp!)).toBe(Date.parse(latest.get(n.contactId)!));
    const times = nodes.map((n) => Date.parse(n.initiationTimestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('pages with keyset cursors: small pages concatenate to the same list', async () => {
    const big = await allPages(500);
    const small = await allPages(7);
    expect(small.map((n) => n.contactId)).toEqual(big.map((n) => n.contactId));
  });

  it('reports extensions.stats on every response, and answers a repeated query from the caches', async () => {
    const variables = { filter: { ...range, initiationMethod: 'INBOUND' as const }, first: 3 };
    const first = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(server.url, 'contacts', 'ContactsPage', variables);
    expect(first.body.extensions?.stats).toMatchObject({ backendCalls: { duckdb: 1 }, cacheHits: 0, cacheMisses: 1 });
    expect(first.body.extensions!.stats!.rowsRead).toBe(4); // first + 1 to learn hasNextPage
    expect(first.body.extensions!.stats!.engineTimeMs).toBeGreaterThan(0);
    // The same operation again: the whole answer from the response cache, nothing executed.
    const again = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(server.url, 'contacts', 'ContactsPage', variables);
    expect(again.body.extensions?.stats).toMatchObject({ backendCalls: {}, cacheHits: 0, cacheMisses: 0, rowsRead: 0, responseCache: { status: 'hit' } });
    expect(again.body.data).toEqual(first.body.data);
    // Another operation with the same SQL executes, and its rows come from the result cache.
    const renamed = fs.readFileSync(path.resolve(__dirname, '../operations/contacts.graphql'), 'utf8').replace('query ContactsPage(', 'query ContactsPageAgain(');
    const other = await postQuery<ContactsPageQuery>(server.url, renamed, variables, 'ContactsPageAgain');
    expect(other.body.extensions?.stats).toMatchObject({ backendCalls: {}, cacheHits: 1, cacheMisses: 0, rowsRead: 0, responseCache: { status: 'miss' } });
    expect(other.body.data).toEqual(first.body.data);
  });

  it('filters by channel and queue on the latest delivery', async () => {
    const chats = await allPages(500, { ...range, channel: 'CHAT' });
    expect(chats.length).toBeGreaterThan(0);
    expect(chats.every((n) => n.channel === 'CHAT')).toBe(true);
    const queueName = (await allPages(500)).find((n) => n.queueInfo?.name)!.queueInfo!.name!;
    const inQueue = await allPages(500, { ...range, queue: queueName });
    expect(inQueue.length).toBeGreaterThan(0);
    expect(inQueue.every((n) => n.queueInfo?.name === queueName)).toBe(true);
  });

  it('answers abandoned contacts with a queue and no agent', async () => {
    const abandoned = (await allPages(500)).filter((n) => n.abandoned);
    expect(abandoned.length).toBeGreaterThan(0);
    for (const n of abandoned) {
      expect(n.agentInfo).toBeNull();
      expect(n.queueInfo?.enqueueTimestamp).toBeTruthy();
      expect(n.handleTimeSeconds).toBeNull();
    }
  });

  it('fetches one contact with its transfer chain in both directions (batched)', async () => {
    const transferred = raw.find((r) => (r as unknown as { NextContactId: string | null }).NextContactId);
    expect(transferred).toBeDefined();
    const { body } = await postOperation<ContactByIdQuery, ContactByIdQueryVariables>(server.url, 'contacts', 'ContactById', {
      contactId: transferred!.ContactId,
      // The shared test data's days: without a hint a lookup reads only the last CONTACT_LOOKUP_MAX_DAYS days before today.
      initiatedAfter: range.from,
      initiatedBefore: range.to,
    });
    expect(body.errors).toBeUndefined();
    const contact = body.data!.contact!;
    expect(contact.contactId).toBe(transferred!.ContactId);
    expect(contact.nextContact?.contactId).toBe(contact.nextContactId);
    expect(contact.nextContact?.previousContactId).toBe(contact.contactId);
  });

  it.each(["Support' OR '1'='1", 'Support; DROP TABLE connect_ctr; --', "') UNION SELECT * FROM connect_ctr --"])(
    'matches the filter string %j literally (no contact has that queue)',
    async (payload) => {
      const { body } = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(server.url, 'contacts', 'ContactsPage', { filter: { ...range, queue: payload }, first: 5 });
      expect(body.errors).toBeUndefined();
      expect(body.data!.contacts.edges).toEqual([]);
    },
  );

  it('answers NOT_FOUND (and contact null) for an unknown contact, saying which days were read and how to widen', async () => {
    const { body } = await postOperation<ContactByIdQuery, ContactByIdQueryVariables>(server.url, 'contacts', 'ContactById', { contactId: 'no-such-contact', initiatedAfter: range.from, initiatedBefore: range.to });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(body.errors?.[0]?.message).toMatch(/^No contact with this contactId initiated between 2026-11-19T00:00:00.000Z and 2026-11-21T00:00:00.000Z .* among the instances you may read\. .*initiatedAfter/);
    expect(body.data!.contact).toBeNull();
  });

  it.each([
    ['from after to', { from: range.to, to: range.from }, 'BAD_USER_INPUT', /must be before/],
    ['a malformed date', { from: 'yesterday', to: range.to }, 'BAD_USER_INPUT', /DateTime/i],
  ])('rejects %s with a code and a message', async (_name, filter, code, message) => {
    const { body } = await postQuery(server.url, 'query($f: ContactFilter!) { contacts(filter: $f) { edges { cursor } } }', { f: filter });
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(body.errors?.[0].message).toMatch(message);
  });

  it('rejects a page size over the maximum, naming the maximum', async () => {
    const { body } = await postQuery(server.url, 'query($f: ContactFilter!) { contacts(filter: $f, first: 100000) { edges { cursor } } }', { f: range });
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0].message).toContain('500');
  });

  it('rejects a foreign cursor', async () => {
    const { body } = await postQuery(server.url, 'query($f: ContactFilter!) { contacts(filter: $f, after: "bogus") { edges { cursor } } }', { f: range });
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers a malformed body with a JSON 400 and stays up', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/not valid JSON/);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('serves /health, /ready with each dependency, and Prometheus /metrics', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { duckdb: 'ok', dynamodb: 'ok' } });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/graphql_request_duration_seconds_count\{operation_type="query"\} [1-9]/);
    expect(metrics).toMatch(/history_engine_queries_total\{engine="duckdb",query_id="contact_page",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
    expect(metrics).toMatch(/result_cache_lookups_total\{outcome="memory"\} [1-9]/);
  });

  it('sends a request id back and accepts a caller-provided one', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('delivers a subscription over graphql-ws on the same port and path', async () => {
    const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const ticks: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const dispose = client.subscribe<{ serverTimeTicks: string }>(
          { query: 'subscription { serverTimeTicks(intervalSeconds: 1) }' },
          {
            next: (value) => {
              ticks.push(value.data!.serverTimeTicks);
              if (ticks.length === 2) {
                dispose();
                resolve();
              }
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      expect(Date.parse(ticks[1]) - Date.parse(ticks[0])).toBeGreaterThanOrEqual(900);
    } finally {
      await client.dispose();
    }
  });

  it('refuses to start on a port in use with a clear error', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startTestServer({ PORT: String(port) })).rejects.toThrow(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    } finally {
      blocker.close();
    }
  });
});
