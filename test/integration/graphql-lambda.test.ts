import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config/env';
import { createServerMetrics } from '../../src/server/observability/metrics';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { createDefaultGraphqlDeps } from '../../src/lambda/graphql.deps';
import { createGraphqlHandler, handler as deployedHandler, SUBSCRIPTIONS_NOT_SUPPORTED, type GraphqlHandler } from '../../src/lambda/graphql.handler';
import { generateDemoData } from '../../src/local/demo-data';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { agentKeyOf } from '../../src/domain/agent-state.reducer';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { agentEventRecord, lambdaContext, snapshotContact } from '../helpers/kinesis-factories';

/**
 * The GraphQL Lambda as API Gateway's HTTP API invokes it (payload format 2.0): first built around
 * injected dependencies (DuckDB over a small generated data set, the repository on dynalite), then
 * the deployed `handler` configured only from the environment, with ENGINE=athena against the local
 * Athena-protocol endpoint over the same files.
 */

const TABLE = 'graphql-lambda-test';
/** The generated day (a Monday: the simulated contact center is closed on Sundays). */
const DAY = { from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z' } as const;

const CONTACTS_QUERY = `query Contacts($filter: ContactFilter!, $first: Int) {
  contacts(filter: $filter, first: $first) {
    edges { cursor node { contactId channel initiationTimestamp } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const AGENT_STATES_QUERY = '{ agentStates { username activity status statusType contacts { contactId state channel queue } } }';

interface Stats {
  backendCalls: Record<string, number>;
  rowsRead: number;
  cacheHits: number;
  cacheMisses: number;
  engineTimeMs: number;
}
interface GraphQLBody<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { stats?: Stats; dataAsOf?: { sources: Record<string, { newestPartition?: string | null; live?: boolean }>; complete?: boolean } };
}
interface ContactsData {
  contacts: { edges: { cursor: string; node: { contactId: string; channel: string; initiationTimestamp: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
interface AgentStatesData {
  agentStates: { username: string; activity: string; status: string;
    statusType: string; contacts: { contactId: string; state: string; channel: string; queue: string | null }[] }[];
}

/** An API Gateway HTTP API event (payload format 2.0) for `/graphql`, as API Gateway sends it. */
function httpApiEvent(input: { method: 'GET' | 'POST'; body?: unknown; query?: Record<string, string>; headers?: Record<string, string> }): APIGatewayProxyEventV2 {
  const rawQueryString = input.query ? new URLSearchParams(input.query).toString() : '';
  const now = new Date('2026-11-02T08:00:00Z');
  return {
    version: '2.0',
    routeKey: `${input.method} /graphql`,
    rawPath: '/graphql',
    rawQueryString,
    headers: {
      accept: 'application/json',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'jest',
      ...(input.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(JSON.stringify(input.body).length) }),
      ...input.headers,
    },
    queryStringParameters: input.query,
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: input.method, path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: `${input.method} /graphql`,
      stage: '$default',
      time: '02/Nov/2026:08:00:00 +0000',
      timeEpoch: now.getTime(),
    },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
    isBase64Encoded: false,
  };
}

async function invoke<Data>(handler: GraphqlHandler, event: APIGatewayProxyEventV2): Promise<{ result: APIGatewayProxyStructuredResultV2; body: GraphQLBody<Data> }> {
  const result = await handler(event, lambdaContext({ functionName: 'connect-analytics-test-graphql' }));
  return { result, body: JSON.parse(String(result.body)) as GraphQLBody<Data> };
}

const postContacts = (handler: GraphqlHandler) =>
  invoke<ContactsData>(handler, httpApiEvent({ method: 'POST', body: { query: CONTACTS_QUERY, variables: { filter: DAY, first: 5 } } }));

describe('GraphQL Lambda handler', () => {
  let dataDir: string;
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  let repository: AgentStateRepository;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-lambda-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 1, agents: 4, seed: 'lambda', start: '2026-11-02', progress: false });
    dynamo = await startEmbeddedDynamoDb(0);
    client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, TABLE);
    repository = new AgentStateRepository({ client, tableName: TABLE });
    const ann = agentEventRecord({ agentId: 'lambda-ann', username: 'ann', EventId: 'e-ann' });
    const bob = agentEventRecord({ agentId: 'lambda-bob', username: 'bob', statusName: 'Break', contacts: [], EventId: 'e-bob' });
    const applied = await repository.apply([ann, bob].map((event) => ({ key: agentKeyOf(event), events: [event] })));
    expect(applied.map((r) => r.change)).toEqual(['changed', 'changed']);
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  describe('built with createGraphqlHandler (DuckDB engine, repository on dynalite)', () => {
    let engine: DuckDbEngine;
    let handler: GraphqlHandler;

    beforeAll(async () => {
      engine = await DuckDbEngine.create({ dataDir, threads: 1 });
      handler = createGraphqlHandler({
        engine,
        agentStates: repository,
        logger: pino({ level: 'silent' }),
        limits: { maxPageSize: 100, maxRangeDays: 31 },
        metrics: createServerMetrics(),
        maskInternalErrors: true,
        security: loadConfig({ NODE_ENV: 'test', LIMIT_MAX_DEPTH: '4', LIMIT_MAX_COST: '100' }),
      });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('answers a POST contacts query with data and extensions.stats', async () => {
      const { result, body } = await postContacts(handler);

      expect(result.statusCode).toBe(200);
      expect(result.headers?.['content-type']).toMatch(/^application\/json/);
      expect(body.errors).toBeUndefined();
      const edges = body.data!.contacts.edges;
      expect(edges).toHaveLength(5);
      for (const { node } of edges) expect(node.initiationTimestamp.slice(0, 10)).toBe('2026-11-02');
      expect(body.data!.contacts.pageInfo.hasNextPage).toBe(true);
      const stats = body.extensions!.stats!;
      expect(Object.keys(stats.backendCalls)).toEqual(['duckdb']);
      expect(stats.backendCalls.duckdb).toBeGreaterThanOrEqual(1);
      expect(stats).toMatchObject({ cacheHits: 0, cacheMisses: 0 });
      expect(stats.rowsRead).toBeGreaterThanOrEqual(5);
      // The freshness watermark of the CTRs read (the Lambda shares the plugin with the Node server).
      expect(Object.keys(body.extensions!.dataAsOf!.sources)).toEqual(['ctr']);
      expect(body.extensions!.dataAsOf!.complete).toBe(true);
    });

    it('passes its rollup availability to the metrics reader (ROLLUP_BUCKET in the deployed deps): closed days are asked about', async () => {
      const asked: string[] = [];
      const withRollups = createGraphqlHandler({
        engine,
        agentStates: repository,
        logger: pino({ level: 'silent' }),
        limits: { maxPageSize: 100, maxRangeDays: 31 },
        metrics: createServerMetrics(),
        maskInternalErrors: true,
        security: loadConfig({ NODE_ENV: 'test' }),
        // No day is clean: every day is still read raw, but the reader asked.
        rollups: { cleanDays: (days) => (asked.push(...days.map((d) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`)), Promise.resolve(new Set<string>())) },
      });
      const query = 'query M($input: MetricsInput!) { metrics(input: $input) { rows { intervalStart metrics { name value } } } }';
      const input = { from: DAY.from, to: DAY.to, interval: 'DAY', timeZone: 'UTC', metrics: [{ name: 'CONTACTS_HANDLED' }] };
      const { body } = await invoke<unknown>(withRollups, httpApiEvent({ method: 'POST', body: { query, variables: { input } } }));
      expect(body.errors).toBeUndefined();
      expect(asked).toEqual(['2026-11-02']);
      expect((body.extensions?.stats as unknown as { ctrPartitionDays?: unknown }).ctrPartitionDays).toEqual({ rollup: [], raw: ['2026-11-02'] });
    });

    it('applies the same query limits as the Node server: QUERY_TOO_COMPLEX with HTTP 400 before any backend call, extensions.cost, no batches', async () => {
      // LIMIT_MAX_DEPTH=4 and LIMIT_MAX_COST=100 in this handler's configuration.
      const deep = await invoke(handler, httpApiEvent({ method: 'POST', body: { query: '{ contact(contactId: "x") { previousContact { previousContact { previousContact { contactId } } } } }' } }));
      expect(deep.result.statusCode).toBe(400);
      expect(deep.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/nesting depth is 5; the limit is 4 \(LIMIT_MAX_DEPTH\)/), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) })]);
      expect(deep.body.extensions?.stats?.backendCalls).toEqual({});
      // 2 (the queues) + 10 queues × 10 (a day of contact records each) = 102.
      const costly = `{ queues { contacts(from: "2026-11-02T00:00:00Z", to: "2026-11-03T00:00:00Z") { pageInfo { hasNextPage } } } }`;
      const overCost = await invoke(handler, httpApiEvent({ method: 'POST', body: { query: costly } }));
      expect(overCost.result.statusCode).toBe(400);
      expect(overCost.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^This operation costs 102; the limit is 100 \(LIMIT_MAX_COST\)/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
      expect(overCost.body.extensions?.stats?.backendCalls).toEqual({});
      const ok = await postContacts(handler);
      expect((ok.body.extensions as { cost?: unknown }).cost).toEqual({ estimated: 10, limit: 100 });
      const batch = await invoke(handler, httpApiEvent({ method: 'POST', body: [{ query: '{ serverTime }' }, { query: '{ serverTime }' }] }));
      expect(batch.result.statusCode).toBe(400);
      expect(batch.body.errors).toEqual([{ message: 'Batched requests are not supported; send one operation per request.', extensions: { code: 'BAD_USER_INPUT' } }]);
    });

    it('answers a GET agentStates query (query string, apollo-require-preflight header) from DynamoDB', async () => {
      const { result, body } = await invoke<AgentStatesData>(
        handler,
        httpApiEvent({ method: 'GET', query: { query: AGENT_STATES_QUERY }, headers: { 'apollo-require-preflight': '1' } }),
      );

      expect(result.statusCode).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.agentStates).toEqual([
        {
          username: 'ann',
          activity: 'ON_CONTACT',
          status: 'Available',
          statusType: 'ROUTABLE',
          contacts: [{ contactId: snapshotContact().ContactId, state: 'CONNECTED', channel: 'VOICE', queue: 'BasicQueue' }],
        },
        { username: 'bob', activity: 'NON_PRODUCTIVE', status: 'Break', statusType: 'CUSTOM', contacts: [] },
      ]);
      // The agents, and the instance's liveness log (heartbeats stored many agents an item).
      expect(body.extensions?.stats?.backendCalls).toEqual({ dynamodb: 2 });
    });

    it('keeps CSRF prevention on: a GET without a preflight-forcing header is refused', async () => {
      const result = await handler(httpApiEvent({ method: 'GET', query: { query: AGENT_STATES_QUERY } }), lambdaContext());

      expect(result.statusCode).toBe(400);
      expect(String(result.body)).toContain('apollo-require-preflight');
    });

    it('returns the API error codes (BAD_USER_INPUT for a reversed range)', async () => {
      const { result, body } = await invoke<ContactsData>(
        handler,
        httpApiEvent({ method: 'POST', body: { query: CONTACTS_QUERY, variables: { filter: { from: DAY.to, to: DAY.from } } } }),
      );

      expect(result.statusCode).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.extensions?.stats?.backendCalls).toEqual({});
    });

    it('answers a subscription with an error naming where subscriptions are served', async () => {
      const { result, body } = await invoke<unknown>(
        handler,
        httpApiEvent({ method: 'POST', body: { query: 'subscription { agentStateChanged { username } }' } }),
      );

      expect(result.statusCode).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe(SUBSCRIPTIONS_NOT_SUPPORTED);
      expect(body.errors?.[0]?.message).toMatch(/graphql-ws.*Node server/);
    });
  });

  describe('the deployed handler (configuration from the environment: ENGINE=athena against a local Athena-protocol endpoint)', () => {
    const saved = { ...process.env };
    let athena: AthenaLocalEndpoint;

    beforeAll(async () => {
      athena = await startAthenaLocalEndpoint({ dataDir });
      Object.assign(process.env, {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        ENGINE: 'athena',
        ATHENA_DATABASE: 'connect_analytics_test',
        ATHENA_WORKGROUP: 'connect-analytics-test',
        ATHENA_OUTPUT_LOCATION: 's3://results-bucket/athena-results/',
        AGENT_STATE_TABLE: TABLE,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_ATHENA: athena.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        MAX_PAGE_SIZE: '20',
      });
      delete process.env.REDIS_URL;
    });
    afterAll(async () => {
      process.env = saved;
      await athena?.close();
    });

    it('answers contacts from Athena in the configured workgroup and database, then from the result cache', async () => {
      const first = await postContacts(deployedHandler);

      expect(first.result.statusCode).toBe(200);
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data!.contacts.edges).toHaveLength(5);
      const firstStats = first.body.extensions!.stats!;
      expect(Object.keys(firstStats.backendCalls)).toEqual(['athena']);
      expect(firstStats).toMatchObject({ cacheHits: 0, cacheMisses: firstStats.backendCalls.athena });
      const start = athena.requests.find((r) => r.operation === 'StartQueryExecution');
      expect(start?.body).toMatchObject({
        WorkGroup: 'connect-analytics-test',
        QueryExecutionContext: { Database: 'connect_analytics_test' },
        ResultConfiguration: { OutputLocation: 's3://results-bucket/athena-results/' },
      });

      const startsBefore = athena.requests.filter((r) => r.operation === 'StartQueryExecution').length;
      const second = await postContacts(deployedHandler);
      expect(second.body.data).toEqual(first.body.data);
      expect(second.body.extensions?.stats).toMatchObject({ backendCalls: {}, cacheHits: firstStats.cacheMisses, cacheMisses: 0 });
      expect(athena.requests.filter((r) => r.operation === 'StartQueryExecution')).toHaveLength(startsBefore);
      expect(Object.keys(second.body.extensions!.dataAsOf!.sources)).toEqual(['ctr']);
    });

    it('answers agentStates from the configured DynamoDB table', async () => {
      const { body } = await invoke<AgentStatesData>(deployedHandler, httpApiEvent({ method: 'POST', body: { query: AGENT_STATES_QUERY } }));

      expect(body.errors).toBeUndefined();
      expect(body.data!.agentStates.map((s) => [s.username, s.activity])).toEqual([
        ['ann', 'ON_CONTACT'],
        ['bob', 'NON_PRODUCTIVE'],
      ]);
    });

    it('applies the configured request limits (MAX_PAGE_SIZE)', async () => {
      const { body } = await invoke<ContactsData>(
        deployedHandler,
        httpApiEvent({ method: 'POST', body: { query: CONTACTS_QUERY, variables: { filter: DAY, first: 21 } } }),
      );

      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toContain('20');
    });

    it('refuses to build on the embedded engine: the Lambda runs on Athena only', () => {
      const config = loadConfig({ ENGINE: 'duckdb', LOG_LEVEL: 'silent' });

      expect(() => createDefaultGraphqlDeps(config)).toThrow(ConfigError);
      expect(() => createDefaultGraphqlDeps(config)).toThrow(/ENGINE=athena/);
    });
  });
});
