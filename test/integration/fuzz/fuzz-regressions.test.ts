/**
 * One focused test per bug the fuzz suite (fuzz-arguments.test.ts) found, through the real server in
 * production mode, so each stays fixed even when the generated inputs change.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MAX_ERROR_MESSAGE_CHARS } from '../../../src/server/graphql/graphql-errors';
import { postQuery, type GraphQLResponse } from '../../helpers/graphql-client';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' });
});

afterAll(async () => {
  await server?.stop();
});

type Errors = NonNullable<GraphQLResponse<unknown>['errors']>;
const codes = (errors: Errors | undefined) => [...new Set((errors ?? []).map((e) => e.extensions?.code))];

describe('HTTP', () => {
  it('agent(username: null) with id left out is "give exactly one", not an internal error (the left-out id reached the loader as undefined)', async () => {
    const { body } = await postQuery<{ agent: unknown }>(server.url, 'query ($u: String) { agent(username: $u) { id } }', { u: null });
    expect(body.errors).toEqual([expect.objectContaining({ message: "Give exactly one of 'id' (agent id or ARN) and 'username'.", extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });

  it('agent(id: …, username: null) still finds the agent by id', async () => {
    const { body: list } = await postQuery<{ agents: { edges: { node: { id: string } }[] } }>(server.url, '{ agents(first: 1) { edges { node { id } } } }');
    const id = list.data!.agents.edges[0]!.node.id;
    const { body } = await postQuery<{ agent: { id: string } | null }>(server.url, 'query ($id: ID, $u: String) { agent(id: $id, username: $u) { id } }', { id, u: null });
    expect(body.errors).toBeUndefined();
    expect(body.data?.agent?.id).toBe(id);
  });

  it('more variable errors than graphql-js reports (50) are all BAD_USER_INPUT with HTTP 400, the last one included', async () => {
    const { status, body } = await postQuery<unknown>(server.url, 'query ($input: MetricsInput!) { metrics(input: $input) { from } }', {
      input: { metrics: [{ thresholds: Array.from({ length: 60 }, () => ({})) }] },
    });
    expect(status).toBe(400);
    expect(body.errors!.length).toBeGreaterThan(50);
    expect(body.errors!.at(-1)!.message).toMatch(/^Too many errors processing variables/);
    expect(codes(body.errors)).toEqual(['BAD_USER_INPUT']);
  });

  it('a 100 KB value is not echoed back whole: every error message is cut to MAX_ERROR_MESSAGE_CHARS (it was 220 KB per error)', async () => {
    const huge = "' OR 1=1 --".repeat(10_000);
    const { status, body } = await postQuery<unknown>(server.url, 'query ($f: ContactFilter!) { contacts(filter: $f) { edges { cursor } } }', { f: { from: huge, to: huge, channel: huge } });
    expect(status).toBe(400);
    expect(codes(body.errors)).toEqual(['BAD_USER_INPUT']);
    for (const error of body.errors!) expect(error.message.length).toBeLessThan(MAX_ERROR_MESSAGE_CHARS + 200);
    expect(body.errors![0]!.message).toMatch(/… \(message cut: \d+ characters\)/);
  });
});

describe('graphql-ws', () => {
  let client: Client;
  let closes: number[];

  beforeEach(() => {
    closes = [];
    client = createClient({ url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, on: { closed: (event) => void closes.push((event as { code: number }).code) } });
  });

  afterEach(async () => {
    await client.dispose();
  });

  /** Subscribes and resolves with the first thing that comes back: a result, or the errors. */
  function first(query: string, variables?: Record<string, unknown>): Promise<{ next?: unknown; errors?: Errors }> {
    return new Promise((resolve, reject) => {
      const unsubscribe = client.subscribe(
        { query, variables },
        {
          next: (value) => {
            unsubscribe();
            resolve(value.errors ? { errors: value.errors as Errors } : { next: value.data });
          },
          error: (error) => (Array.isArray(error) ? resolve({ errors: error as Errors }) : reject(new Error(`socket closed: ${JSON.stringify(error)}`))),
          complete: () => undefined,
        },
      );
    });
  }

  it('a syntax error is an error message coded GRAPHQL_PARSE_FAILED, and the socket stays open for the next subscription (it was closed with 4500)', async () => {
    const bad = await first('subscription { agentStateChanged(filter: { queue: "\\ud800" }) { agentId } }');
    expect(codes(bad.errors)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(bad.errors![0]!.message).toMatch(/^Syntax Error/);
    const good = await first('subscription { serverTimeTicks(intervalSeconds: 1) }');
    expect(good.next).toEqual({ serverTimeTicks: expect.any(String) });
    expect(closes).toEqual([]);
  });

  it("GraphQL's own errors carry codes as over HTTP: GRAPHQL_VALIDATION_FAILED for validation, BAD_USER_INPUT for variables", async () => {
    const validation = await first('subscription { agentStateChanged(filter: { extra: 1 }) { agentId } }');
    expect(codes(validation.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const variables = await first('subscription ($f: AgentStateFilter) { agentStateChanged(filter: $f) { agentId } }', { f: { extra: 1 } });
    expect(codes(variables.errors)).toEqual(['BAD_USER_INPUT']);
  });
});
