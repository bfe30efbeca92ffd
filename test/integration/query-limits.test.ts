/**
 * Query limits through the real server: depth, aliases, tokens and directives (graphql-armor), the
 * domain cost model, batched requests. Every refusal is QUERY_TOO_COMPLEX (or BAD_USER_INPUT for a
 * batch) with HTTP 400, before any backend call: `extensions.stats.backendCalls` stays empty.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { postQuery, type GraphQLResponse } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(60_000);

type Body = GraphQLResponse<Record<string, unknown>> & { extensions?: { cost?: { estimated: number; limit: number } } };
const DAY = 'from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z"';
/** 2 + 50 × (10 + 500 × 2) = 50,502 with the default cost units: over the default limit of 20,000. */
const OVER_COST = `{ agents { edges { node { contacts(${DAY}, first: 500) { edges { node { agent { username } } } } } } } }`;

/** Runs one operation over graphql-ws: its first result, or the errors it was refused with. */
async function overWs(server: TestServer, query: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  try {
    return await new Promise((resolve) => {
      const unsubscribe = client.subscribe(
        { query, variables },
        {
          next: (result) => {
            unsubscribe();
            resolve(result as { data?: unknown; errors?: { message: string }[] });
          },
          error: (errors) => resolve({ errors: errors as { message: string; extensions?: Record<string, unknown> }[] }),
          complete: () => undefined,
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

async function post(server: TestServer, query: string, variables?: Record<string, unknown>, operationName?: string): Promise<{ status: number; body: Body }> {
  return (await postQuery<Record<string, unknown>>(server.url, query, variables, operationName)) as { status: number; body: Body };
}

/** Expects a QUERY_TOO_COMPLEX refusal (400, one coded error) that reached no backend. */
function expectRefused(response: { status: number; body: Body }, message: RegExp): void {
  expect(response.status).toBe(400);
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'QUERY_TOO_COMPLEX' } });
  expect(response.body.data).toBeUndefined();
  expect(response.body.extensions?.stats?.backendCalls).toEqual({});
  expect(response.body.extensions?.cost?.limit).toBe(20_000);
}

describe('query limits with the default configuration', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports the cost of a successful operation in extensions.cost', async () => {
    const { status, body } = await post(server, `query($n: Int) { contacts(filter: {${DAY}}, first: $n) { edges { node { contactId agent { username } } } } }`, { n: 20 });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.cost).toEqual({ estimated: 10 + 20 * 2, limit: 20_000 });
    expect(Object.values(body.extensions?.stats?.backendCalls ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('refuses an operation over the cost limit before any backend call, saying the cost, the limit and what to change', async () => {
    const response = await post(server, OVER_COST);
    expectRefused(response, /^This operation costs 50502; the limit is 20000 \(LIMIT_MAX_COST\)\. Lower 'first'/);
    expect(response.body.errors![0].extensions).toMatchObject({ cost: 50_502, limit: 20_000 });
    expect(response.body.extensions?.cost).toEqual({ estimated: 50_502, limit: 20_000 });
  });

  it('costs first and ranges given as variables', async () => {
    const query = `query($n: Int, $from: DateTimeISO!, $to: DateTimeISO!) { agents { edges { node { contacts(from: $from, to: $to, first: $n) { edges { node { agent { username } } } } } } } }`;
    const cheap = await post(server, query, { n: 5, from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' });
    expect(cheap.status).toBe(200);
    expect(cheap.body.extensions?.cost?.estimated).toBe(2 + 50 * (10 + 5 * 2));
    expectRefused(await post(server, query, { n: 500, from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' }), /costs 50502/);
    // A long range costs its days.
    expectRefused(await post(server, query, { n: 5, from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }), /^This operation costs 167502; the limit is 20000/);
  });

  it('costs fragments and inline fragments', async () => {
    const viaFragments = `{ agents { ...A } } fragment A on AgentConnection { edges { node { ... on Agent { contacts(${DAY}, first: 500) { ...C } } } } } fragment C on ContactConnection { edges { node { agent { username } } } }`;
    expectRefused(await post(server, viaFragments), /costs 50502/);
  });

  it('costs operations named __schema or __typename, and costly fields beside introspection (the published bypasses)', async () => {
    expectRefused(await post(server, `query __schema ${OVER_COST}`, undefined, '__schema'), /costs 50502/);
    expectRefused(await post(server, `query __typename ${OVER_COST}`, undefined, '__typename'), /costs 50502/);
    expectRefused(await post(server, `{ __schema { queryType { name } } ${OVER_COST.slice(1)}`), /costs 50502/);
  });

  it('refuses a short document whose fragments expand to more fields than can be costed (a fragment bomb)', async () => {
    // F0 spreads F1 ten times, F1 spreads F2 ten times …: 10^6 fields from a few hundred tokens.
    const fragments = Array.from({ length: 6 }, (_, i) => `fragment F${i} on Query { ${Array.from({ length: 10 }, () => `...F${i + 1}`).join(' ')} }`).join(' ');
    const response = await post(server, `{ ...F0 } ${fragments} fragment F6 on Query { serverTime }`);
    expectRefused(response, /^The operation expands to more than 100000 fields once its fragments are spread/);
  });

  it('refuses a 20-deep operation (LIMIT_MAX_DEPTH 10), stating the limit and the depth found', async () => {
    const deep = `{ contact(contactId: "x") { ${'previousContact { '.repeat(18)}contactId${' }'.repeat(18)} } }`;
    expectRefused(await post(server, deep), /^The operation's nesting depth is 20; the limit is 10 \(LIMIT_MAX_DEPTH\)\./);
  });

  it('refuses 200 aliases (LIMIT_MAX_ALIASES 15); 200 metrics aliases are over the token limit already', async () => {
    const metrics = Array.from({ length: 200 }, (_, i) => `m${i}: metrics(input: {${DAY}, interval: TOTAL, metrics: [{name: CONTACTS_HANDLED}]}) { rows { metrics { value } } }`).join(' ');
    const tooLong = await post(server, `{ ${metrics} }`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'tokens' });
    const response = await post(server, `{ ${Array.from({ length: 200 }, (_, i) => `t${i}: serverTime`).join(' ')} }`);
    expectRefused(response, /^The operation's number of aliases is 200; the limit is 15 \(LIMIT_MAX_ALIASES\)\./);
    expect(response.body.errors![0].extensions).toMatchObject({ rule: 'aliases', limit: 15, found: 200 });
  });

  it('refuses more than 2,000 tokens (LIMIT_MAX_TOKENS) and 50 directives (LIMIT_MAX_DIRECTIVES)', async () => {
    const tokens = await post(server, `{ ${'serverTime '.repeat(2_100)}}`);
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/more than 2000 tokens; the limit is 2000 \(LIMIT_MAX_TOKENS\)/), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', rule: 'tokens' }) })]);
    expect(tokens.body.extensions?.stats?.backendCalls).toEqual({});
    expect(tokens.body.extensions?.cost).toEqual({ estimated: 0, limit: 20_000 });
    expectRefused(await post(server, `{ ${'serverTime @include(if: true) '.repeat(51)}}`), /^The operation's number of directives is 51; the limit is 50/);
  });

  it('answers a batched (JSON array) request with HTTP 400 and a coded error saying to send one operation', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ serverTime }' }, { query: '{ serverTime }' }]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Batched requests are not supported; send one operation per request.', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });

  it('counts refusals by reason in /metrics', async () => {
    await post(server, OVER_COST);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const reason of ['cost', 'depth', 'aliases', 'tokens', 'directives']) expect(metrics).toMatch(new RegExp(`graphql_limit_rejections_total\\{reason="${reason}"\\} [1-9]`));
  });

  it('applies the same limits to operations sent over graphql-ws', async () => {
    const deep = await overWs(server, `{ contact(contactId: "x") { ${'previousContact { '.repeat(18)}contactId${' }'.repeat(18)} } }`);
    expect(deep.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/nesting depth is 20; the limit is 10/), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) })]);
    const costly = await overWs(server, OVER_COST);
    expect(costly.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^This operation costs 50502; the limit is 20000/), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', cost: 50_502 }) })]);
    const tooLong = await overWs(server, `{ ${'serverTime '.repeat(2_100)}}`);
    expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'tokens' });
    expect(await overWs(server, '{ serverTime }')).toEqual({ data: { serverTime: expect.any(String) } });
  });

  it('keeps field suggestions while introspection is on (development)', async () => {
    const { body } = await post(server, `{ contact(contactId: "x") { customerEndpoin { address } } }`);
    expect(body.errors?.[0].message).toMatch(/Did you mean "customerEndpoint"/);
  });
});

describe('query limits in production (introspection off) and with lower limits, body size limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ INTROSPECTION: '0', LIMIT_MAX_COST: '100', LIMIT_MAX_DEPTH: '5', GRAPHQL_MAX_BODY_BYTES: '4096', INGEST_MAX_BODY_BYTES: '8192' });
  });

  it('answers a /graphql body over GRAPHQL_MAX_BODY_BYTES with 413 PAYLOAD_TOO_LARGE naming the limit, and accepts one under it', async () => {
    const body = (padding: number) => JSON.stringify({ query: '{ serverTime }', variables: { padding: 'x'.repeat(padding) } });
    const over = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(4_100) });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^The request body is larger than 4096 bytes \(GRAPHQL_MAX_BODY_BYTES\)/), extensions: { code: 'PAYLOAD_TOO_LARGE', limitBytes: 4096 } }],
    });
    const under = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(3_000) });
    expect(under.status).toBe(200);
  });

  it('answers an /ingest/agent-events body over INGEST_MAX_BODY_BYTES with 413 PAYLOAD_TOO_LARGE naming the limit', async () => {
    const post = (bytes: number) =>
      fetch(`${server.url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ padding: 'x'.repeat(bytes) }]) });
    const over = await post(8_200);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: unknown }).error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/larger than 8192 bytes \(INGEST_MAX_BODY_BYTES\)/) });
    // Under the limit the body is read (and its malformed record reported), not refused for its size.
    expect((await post(6_000)).status).not.toBe(413);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('hides field suggestions and refuses introspection', async () => {
    const { status, body } = await post(server, `{ contact(contactId: "x") { customerEndpoin { address } } }`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean|customerEndpoint"/);
    const introspection = await post(server, `{ __schema { queryType { name } } }`);
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors?.[0].message).toMatch(/introspection/i);
    // The same over graphql-ws.
    const wsSuggestion = await overWs(server, `{ contact(contactId: "x") { customerEndpoin { address } } }`);
    expect(wsSuggestion.errors?.[0].message).toMatch(/Cannot query field "customerEndpoin"/);
    expect(JSON.stringify(wsSuggestion)).not.toMatch(/Did you mean|customerEndpoint"/);
    expect((await overWs(server, `{ __schema { queryType { name } } }`)).errors?.[0].message).toMatch(/introspection/i);
  });

  it('applies LIMIT_MAX_COST and LIMIT_MAX_DEPTH from the environment', async () => {
    const response = await post(server, `{ contacts(filter: {${DAY}}, first: 50) { edges { node { agent { username } } } } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^This operation costs 110; the limit is 100/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const deep = await post(server, `{ contact(contactId: "x") { previousContact { previousContact { previousContact { previousContact { contactId } } } } } }`);
    expect(deep.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/nesting depth is 6; the limit is 5/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });
});

describe('the cost limit behind the static limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Token and alias limits raised: the default cost limit alone must refuse the 200-alias metrics request.
    server = await startTestServer({ LIMIT_MAX_TOKENS: '100000', LIMIT_MAX_ALIASES: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses 200 metrics aliases over a month by their cost', async () => {
    const month = 'from: "2026-10-20T00:00:00Z", to: "2026-11-20T00:00:00Z"';
    const aliases = Array.from({ length: 200 }, (_, i) => `m${i}: metrics(input: {${month}, interval: DAY, groupings: [{key: QUEUE}], metrics: [{name: CONTACTS_HANDLED}]}) { rows { metrics { value } } }`).join(' ');
    // Each: 31 days × 1 source × 10 + 31 intervals × (1 grouping + 1) × 1 metric = 372; × 200 = 74,400.
    expectRefused(await post(server, `{ ${aliases} }`), /^This operation costs 74400; the limit is 20000/);
  });
});
