import path from 'node:path';
import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import pino from 'pino';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { newestIndexedPartitions } from '../../src/history/readers/watermark.reader';
import { createGraphqlHandler, type GraphqlHandler, type GraphqlHandlerDeps } from '../../src/lambda/graphql.handler';
import { reportsOfManifestFile } from '../../src/lambda/graphql-reports';
import { buildContactCenterModel } from '../../src/local/demo-data';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { createAuthenticator } from '../../src/server/graphql/auth/create-authenticator';
import { createSignedLinkSigner } from '../../src/server/graphql/auth/signed-link';
import { REPORT_CATALOG } from '../../src/server/graphql/reports/report-catalog';
import { createServerMetrics } from '../../src/server/observability/metrics';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { writeApiKeyFile, type TestApiKey } from '../helpers/auth';
import { lambdaContext } from '../helpers/kinesis-factories';
import { startTestServer, TEST_DATA, testDataDir, type TestServer } from '../helpers/test-server';

/**
 * The saved reports served by the GraphQL Lambda (`GET /reports`, `GET /reports/{file}` of the HTTP API),
 * invoked with API Gateway v2 events over the shared test data (DuckDB engine, agent state on dynalite):
 * the same bytes and headers as the Node server's `/reports` for the same request, formats, errors, and
 * the Lambda's authentication (API keys, `?link=` signed links, metrics:read).
 */

const TABLE = 'lambda-reports-test';
const MANIFEST_FILE = path.resolve(__dirname, '../../dist/persisted-documents.json');
/** The test data's two days, in New York. */
const NY_RANGE = { from: TEST_DATA.start, to: '2026-11-21', timeZone: 'America/New_York' };
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

const DATA_INSTANCE = buildContactCenterModel(TEST_DATA.seed, TEST_DATA.agents).instance.arn;
const READER: TestApiKey = { key: 'lk_reports_reader', principal: 'reader', instances: [DATA_INSTANCE], scopes: ['metrics:read'] };
const LIVE_ONLY: TestApiKey = { key: 'lk_reports_live', principal: 'wallboard', instances: [DATA_INSTANCE], scopes: ['live:read'] };
const LINK_SECRET = 'lambda-reports-test-secret-0123456789abcdef';

/** A `GET /reports…` event as API Gateway's HTTP API sends it (payload format 2.0). */
function reportsEvent(pathname: string, rawQueryString = '', headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const file = pathname.startsWith('/reports/') ? pathname.slice('/reports/'.length) : undefined;
  const routeKey = file === undefined ? 'GET /reports' : 'GET /reports/{file}';
  // API Gateway joins a repeated parameter with commas here; the handler reads rawQueryString.
  const params = new URLSearchParams(rawQueryString);
  const queryStringParameters = rawQueryString === '' ? undefined : Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k).join(',')]));
  return {
    version: '2.0',
    routeKey,
    rawPath: pathname,
    rawQueryString,
    headers: { host: 'abc.execute-api.us-east-1.amazonaws.com', 'user-agent': 'jest', ...headers },
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(file === undefined ? {} : { pathParameters: { file } }),
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc',
      domainName: 'abc.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method: 'GET', path: pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: '20/Nov/2026:08:00:00 +0000',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function invoke(handler: GraphqlHandler, event: APIGatewayProxyEventV2): Promise<Answer> {
  const result: APIGatewayProxyStructuredResultV2 = await handler(event, lambdaContext());
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { status: result.statusCode ?? 200, headers, text: result.body ?? '' };
}

async function fetchNode(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), text: await res.text() };
}

describe('saved reports on the GraphQL Lambda', () => {
  let engine: DuckDbEngine;
  let dynamo: EmbeddedDynamoDb;
  let agentStates: AgentStateRepository;

  /** The Lambda's dependencies over the test data, as the Node server's stack configures its own. */
  function deps(config: AppConfig, overrides: Partial<GraphqlHandlerDeps> = {}): GraphqlHandlerDeps {
    return {
      engine,
      agentStates,
      logger: pino({ level: 'silent' }),
      limits: config.server,
      security: config,
      metrics: createServerMetrics(),
      maskInternalErrors: true,
      dataAsOf: { partitions: newestIndexedPartitions(engine.files, config.dataAsOf.probeDays), probeDays: config.dataAsOf.probeDays, contactMaxDurationHours: config.dataAsOf.contactMaxDurationHours },
      loadReports: () => reportsOfManifestFile(MANIFEST_FILE),
      ...overrides,
    };
  }

  beforeAll(async () => {
    engine = await DuckDbEngine.create({ dataDir: await testDataDir(), threads: 1 });
    dynamo = await startEmbeddedDynamoDb(0);
    const client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, TABLE);
    agentStates = new AgentStateRepository({ client, tableName: TABLE });
  });
  afterAll(async () => {
    await engine?.close();
    await dynamo?.stop();
  });

  describe('with AUTH_MODE=none (the IAM-signed route), beside the Node server', () => {
    let server: TestServer;
    let handler: GraphqlHandler;

    beforeAll(async () => {
      server = await startTestServer();
      handler = createGraphqlHandler(deps(loadConfig({ NODE_ENV: 'test' })));
    });
    afterAll(async () => {
      await server?.stop();
    });

    it.each(['csv', 'json', 'ndjson'])('answers queue-summary.%s with the same bytes, ETag, X-Data-As-Of and file name as the Node server', async (format) => {
      const qs = query(NY_RANGE);
      const lambda = await invoke(handler, reportsEvent(`/reports/queue-summary.${format}`, qs));
      const node = await fetchNode(`${server.url}/reports/queue-summary.${format}?${qs}`);
      expect(node.status).toBe(200);
      expect(lambda.status).toBe(200);
      expect(lambda.text.length).toBeGreaterThan(100);
      expect(lambda.text).toBe(node.text);
      for (const header of ['content-type', 'content-disposition', 'etag', 'x-data-as-of']) expect([header, lambda.headers[header]]).toEqual([header, node.headers[header]]);
      expect(lambda.headers['content-disposition']).toBe(`attachment; filename="queue-summary_2026-11-19_2026-11-21.${format}"`);
      expect(lambda.headers['x-data-as-of']).toMatch(/^2026-11-2\d/);
      // No response cache in the Lambda: nothing is kept, by it or by the client.
      expect(lambda.headers['cache-control']).toBe('no-store');
    });

    it('chooses the format by Accept without an extension (CSV by default), and says it varies on Accept', async () => {
      const qs = query(NY_RANGE);
      const csv = await invoke(handler, reportsEvent('/reports/queue-summary.csv', qs));
      const byDefault = await invoke(handler, reportsEvent('/reports/queue-summary', qs));
      expect(byDefault.status).toBe(200);
      expect(byDefault.text).toBe(csv.text);
      expect(byDefault.headers.vary).toBe('accept');
      const json = await invoke(handler, reportsEvent('/reports/queue-summary', qs, { accept: 'text/html;q=0.9, application/json' }));
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(json.text).toBe((await invoke(handler, reportsEvent('/reports/queue-summary.json', qs))).text);
      const ndjson = await invoke(handler, reportsEvent('/reports/queue-summary', qs, { accept: 'application/x-ndjson' }));
      expect(ndjson.text).toBe((await invoke(handler, reportsEvent('/reports/queue-summary.ndjson', qs))).text);
    });

    it('answers If-None-Match with the ETag 304 and no body', async () => {
      const qs = query(NY_RANGE);
      const first = await invoke(handler, reportsEvent('/reports/calls-by-reason.csv', qs));
      expect(first.status).toBe(200);
      const again = await invoke(handler, reportsEvent('/reports/calls-by-reason.csv', qs, { 'if-none-match': first.headers.etag! }));
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
      const other = await invoke(handler, reportsEvent('/reports/calls-by-reason.csv', qs, { 'if-none-match': '"something-else"' }));
      expect(other.status).toBe(200);
    });

    it('serves the index the Node server serves, listing every report of the catalog', async () => {
      const lambda = await invoke(handler, reportsEvent('/reports'));
      expect(lambda.status).toBe(200);
      expect(lambda.headers['content-type']).toBe('application/json; charset=utf-8');
      const index = JSON.parse(lambda.text) as { reports: { name: string }[] };
      expect(index.reports.map((r) => r.name)).toEqual(REPORT_CATALOG.map((r) => r.name));
      expect(index).toEqual(JSON.parse((await fetchNode(`${server.url}/reports`)).text));
    });

    it('answers an unknown report 404, an unknown format 406 and a bad parameter 400 as the Node server does', async () => {
      for (const [pathname, qs, status, code] of [
        ['/reports/no-such-report.csv', '', 404, 'NOT_FOUND'],
        ['/reports/queue-summary.xlsx', '', 406, 'NOT_ACCEPTABLE'],
        ['/reports/queue-summary.csv', 'interval=FORTNIGHT', 400, 'BAD_USER_INPUT'],
        ['/reports/queue-summary.csv', 'timeZone=Mars/Olympus', 400, 'BAD_USER_INPUT'],
        ['/reports/queue-summary.csv', 'from=today&from=yesterday', 400, 'BAD_USER_INPUT'],
      ] as const) {
        const lambda = await invoke(handler, reportsEvent(pathname, qs));
        const node = await fetchNode(`${server.url}${pathname}${qs === '' ? '' : `?${qs}`}`);
        expect([pathname, qs, lambda.status]).toEqual([pathname, qs, status]);
        expect(JSON.parse(lambda.text)).toEqual(JSON.parse(node.text));
        expect(JSON.parse(lambda.text).errors[0].extensions.code).toBe(code);
        expect(lambda.headers['cache-control']).toBe('no-store');
      }
      const badInterval = JSON.parse((await invoke(handler, reportsEvent('/reports/queue-summary.csv', 'interval=FORTNIGHT'))).text);
      expect(badInterval.errors[0]).toMatchObject({ message: expect.stringContaining('interval'), extensions: { argument: 'interval' } });
      const html = await invoke(handler, reportsEvent('/reports/queue-summary', '', { accept: 'text/html' }));
      expect(html.status).toBe(406);
    });

    it('answers 500 on /reports, with the cause logged, when its reports cannot be loaded; /graphql still answers', async () => {
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString('utf8')), done()) }));
      const broken = createGraphqlHandler(
        deps(loadConfig({ NODE_ENV: 'test' }), {
          logger,
          loadReports: () => {
            throw new Error('Saved reports: the operations ReportQueueSummary (/reports/queue-summary) are not in the trusted-documents manifest');
          },
        }),
      );
      const answer = await invoke(broken, reportsEvent('/reports/queue-summary.csv', query(NY_RANGE)));
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.text).errors[0]).toMatchObject({ message: expect.stringContaining('not available on this deployment'), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(lines.join('')).toContain('ReportQueueSummary (/reports/queue-summary) are not in the trusted-documents manifest');
      const graphql = await broken(
        { ...reportsEvent('/graphql'), routeKey: 'POST /graphql', rawPath: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }), requestContext: { ...reportsEvent('/graphql').requestContext, http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' } } },
        lambdaContext(),
      );
      expect(graphql.statusCode).toBe(200);
    });
  });

  describe('with AUTH_MODE=apikey and signed links', () => {
    let handler: GraphqlHandler;
    const signer = createSignedLinkSigner(LINK_SECRET);
    const linkFor = (scopes: ('metrics:read' | 'live:read')[]) => signer.sign({ principal: 'excel', scopes, instances: ['*'] }, 3600, Date.now()).token;

    beforeAll(() => {
      const config = loadConfig({ NODE_ENV: 'test', AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile([READER, LIVE_ONLY]), SIGNED_LINKS: '1', SIGNED_LINK_SECRET: LINK_SECRET });
      handler = createGraphqlHandler(deps(config, { loadAuthenticator: () => createAuthenticator(config.auth, { nodeEnv: 'test', awsRegion: 'us-east-1' }) }));
    });

    it('answers 401 without a credential (index too), and 403 without metrics:read with the Node server\'s message', async () => {
      const none = await invoke(handler, reportsEvent('/reports/queue-summary.csv'));
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^ApiKey realm=/);
      expect(JSON.parse(none.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await invoke(handler, reportsEvent('/reports'))).status).toBe(401);
      const live = await invoke(handler, reportsEvent('/reports/queue-summary.csv', '', { 'x-api-key': LIVE_ONLY.key }));
      expect(live.status).toBe(403);
      expect(JSON.parse(live.text).errors[0]).toEqual({
        message: "This request needs the scope 'metrics:read' (aggregates only: metrics, statistics, workload, agent and queue directories); the credential of 'wallboard' does not have it. Ask for a key or token with 'metrics:read'.",
        extensions: { code: 'FORBIDDEN', scope: 'metrics:read' },
      });
    });

    it('answers a key with metrics:read, and the same bytes to ?link= (moved into Authorization: Link)', async () => {
      const qs = query(NY_RANGE);
      const byKey = await invoke(handler, reportsEvent('/reports/queue-summary.csv', qs, { 'x-api-key': READER.key }));
      expect(byKey.status).toBe(200);
      expect(byKey.text.split('\r\n').length).toBeGreaterThan(3);
      const byLink = await invoke(handler, reportsEvent('/reports/queue-summary.csv', `${qs}&${query({ link: linkFor(['metrics:read']) })}`));
      expect(byLink.status).toBe(200);
      expect(byLink.text).toBe(byKey.text);
      // The link is a credential, not a parameter: the file name is the same.
      expect(byLink.headers['content-disposition']).toBe(byKey.headers['content-disposition']);
      const byHeader = await invoke(handler, reportsEvent('/reports/queue-summary.csv', qs, { authorization: `Link ${linkFor(['metrics:read'])}` }));
      expect(byHeader.text).toBe(byKey.text);
      expect((await invoke(handler, reportsEvent('/reports', query({ link: linkFor(['metrics:read']) })))).status).toBe(200);
    });

    it('answers a link with a credential header, or two links, 400; a link without metrics:read 403', async () => {
      const token = linkFor(['metrics:read']);
      const both = await invoke(handler, reportsEvent('/reports/queue-summary.csv', query({ link: token }), { 'x-api-key': READER.key }));
      expect(both.status).toBe(400);
      expect(JSON.parse(both.text).errors[0]).toMatchObject({ message: expect.stringMatching(/both a credential header .* and 'link='/), extensions: { code: 'BAD_USER_INPUT', argument: 'link' } });
      const withBearer = await invoke(handler, reportsEvent('/reports/queue-summary.csv', query({ link: token }), { Authorization: 'Bearer x' }));
      expect(withBearer.status).toBe(400);
      const twice = await invoke(handler, reportsEvent('/reports/queue-summary.csv', `link=${encodeURIComponent(token)}&link=${encodeURIComponent(token)}`));
      expect(twice.status).toBe(400);
      expect(JSON.parse(twice.text).errors[0].message).toMatch(/'link' is given 2 times/);
      expect((await invoke(handler, reportsEvent('/reports/queue-summary.csv', query({ link: linkFor(['live:read']) })))).status).toBe(403);
      expect((await invoke(handler, reportsEvent('/reports/queue-summary.csv', query({ link: `${token}x` })))).status).toBe(401);
    });
  });
});
