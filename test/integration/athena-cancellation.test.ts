import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadConfig } from '../../src/config/env';
import { createDefaultGraphqlDeps } from '../../src/lambda/graphql.deps';
import { createGraphqlHandler } from '../../src/lambda/graphql.handler';
import type { ContactsPageQuery, ContactsPageQueryVariables } from '../generated/operations';
import { lambdaContext } from '../helpers/kinesis-factories';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { postOperation } from '../helpers/graphql-client';
import { startTestServer, testDataDir, TEST_DATA, type TestServer } from '../helpers/test-server';
import { eventually, metricSample } from '../helpers/prometheus-sample';


/**
 * ENGINE=athena: a request that times out or whose client disconnects stops its Athena query with
 * StopQueryExecution. The local Athena-protocol endpoint holds every statement but the readiness
 * ping RUNNING until it is stopped, like a long scan.
 */
describe('Athena queries stopped on request timeout and client disconnect', () => {
  const saved = { ...process.env };
  let local: AthenaLocalEndpoint;
  let timingOut: TestServer;
  let patient: TestServer;
  const athenaEnv = { ENGINE: 'athena', DYNAMODB_EMBEDDED: '1', ATHENA_OUTPUT_LOCATION: 's3://results/prefix/', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'analytics' };

  beforeAll(async () => {
    local = await startAthenaLocalEndpoint({ dataDir: await testDataDir(), holdRunning: (sql) => !/^SELECT 1 AS ok$/i.test(sql.trim()) });
    process.env.AWS_ENDPOINT_URL_ATHENA = local.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    timingOut = await startTestServer({ ...athenaEnv, REQUEST_TIMEOUT_MS: '200' });
    patient = await startTestServer(athenaEnv);
  });
  afterAll(async () => {
    await timingOut?.stop();
    await patient?.stop();
    await local?.close();
    process.env = saved;
  });

  /** Execution ids the server stopped, and those it polled, since `from` (an index into the endpoint's requests). */
  const stopsSince = (from: number) =>
    local.requests
      .slice(from)
      .filter((r) => r.operation === 'StopQueryExecution')
      .map((r) => r.body.QueryExecutionId);
  const polledSince = (from: number) =>
    new Set(
      local.requests
        .slice(from)
        .filter((r) => r.operation === 'GetQueryExecution')
        .map((r) => r.body.QueryExecutionId),
    );

  it('answers QUERY_TIMEOUT at REQUEST_TIMEOUT_MS and calls StopQueryExecution for the running query', async () => {
    const from = local.requests.length;
    const variables: ContactsPageQueryVariables = { filter: { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-20T12:00:00Z' }, first: 5 };
    const { status, body } = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(timingOut.url, 'contacts', 'ContactsPage', variables);
    expect(status).toBe(200);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', source: 'server', timeoutMs: 200 });
    await eventually(() => stopsSince(from).length > 0);
    const [stopped] = stopsSince(from);
    expect(polledSince(from).has(stopped)).toBe(true);
    expect(await metricSample(timingOut, 'history_engine_queries_cancelled_total', 'engine="athena",reason="timeout"')).toBeGreaterThanOrEqual(1);
  });

  it('calls StopQueryExecution when the client disconnects (reason client_gone)', async () => {
    const from = local.requests.length;
    const client = new AbortController();
    const request = fetch(`${patient.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ contacts(filter: { from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z" }, first: 3) { edges { node { contactId } } } }' }),
      signal: client.signal,
    }).catch((error: unknown) => error);
    // Wait until the query is running on Athena (polled at least once), then hang up.
    await eventually(() => polledSince(from).size > 0);
    client.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    await eventually(() => stopsSince(from).length > 0);
    expect(polledSince(from).has(stopsSince(from)[0])).toBe(true);
    await eventually(async () => (await metricSample(patient, 'history_engine_queries_cancelled_total', 'engine="athena",reason="client_gone"')) >= 1);
    expect((await fetch(`${patient.url}/ready`)).status).toBe(200);
  });

  it('in the GraphQL Lambda: stops the Athena query before the invocation runs out of time and answers QUERY_TIMEOUT', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ENGINE: 'athena',
      ATHENA_OUTPUT_LOCATION: 's3://results/prefix/',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    });
    const deps = createDefaultGraphqlDeps(config);
    const handler = createGraphqlHandler(deps);
    const body = JSON.stringify({ query: '{ contacts(filter: { from: "2026-11-19T00:00:00Z", to: "2026-11-19T06:00:00Z" }, first: 2) { edges { node { contactId } } } }' });
    const event = {
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', host: 'api.example.com' },
      requestContext: { http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' }, requestId: 'lambda-timeout-1' },
      body,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const from = local.requests.length;
    // 1.3 s left in the invocation: the request gets 1.3 s − LAMBDA_ANSWER_MARGIN_MS = 300 ms.
    const result = await handler(event, lambdaContext({ getRemainingTimeInMillis: () => 1_300 }));
    expect(result.statusCode).toBe(200);
    const answer = JSON.parse(String(result.body)) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', source: 'server', timeoutMs: 300, requestId: 'lambda-timeout-1' });
    await eventually(() => stopsSince(from).length > 0);
    expect(polledSince(from).has(stopsSince(from)[0])).toBe(true);
    await deps.engine.close();
  });
});
