import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import pino from 'pino';
import { loadConfig } from '../../src/config/env';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { createGraphqlHandler, type GraphqlHandler } from '../../src/lambda/graphql.handler';
import { buildContactCenterModel } from '../../src/local/demo-data';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { createAuthenticator } from '../../src/server/graphql/auth/create-authenticator';
import { createServerMetrics } from '../../src/server/observability/metrics';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { writeApiKeyFile } from '../helpers/auth';
import { lambdaContext } from '../helpers/kinesis-factories';
import { TEST_DATA, testDataDir } from '../helpers/test-server';

/** The GraphQL Lambda with AUTH_MODE=apikey: API Gateway v2 event headers are authenticated before Apollo runs. */

const DATA_INSTANCE = buildContactCenterModel(TEST_DATA.seed, TEST_DATA.agents).instance.arn;
const OTHER_INSTANCE = 'arn:aws:connect:us-west-2:999999999999:instance/00000000-0000-0000-0000-000000000000';
const KEYS = [
  { key: 'lk_tenant_a', principal: 'tenant-a', instances: [DATA_INSTANCE], scopes: ['contacts:read'] },
  { key: 'lk_tenant_b', principal: 'tenant-b', instances: [OTHER_INSTANCE], scopes: ['contacts:read'] },
];
const CONTACTS = `{ contacts(filter: { from: "${TEST_DATA.start}T00:00:00Z", to: "2026-11-21T00:00:00Z" }, first: 3) { edges { node { contactId } } } }`;

function event(headers: Record<string, string>, query = CONTACTS): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc.execute-api.us-east-1.amazonaws.com', ...headers },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc',
      domainName: 'abc.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: 'POST /graphql',
      stage: '$default',
      time: '20/Nov/2026:08:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: JSON.stringify({ query }),
    isBase64Encoded: false,
  };
}

describe('GraphQL Lambda with AUTH_MODE=apikey', () => {
  let engine: DuckDbEngine;
  let dynamo: EmbeddedDynamoDb;
  let handler: GraphqlHandler;
  let loads = 0;

  beforeAll(async () => {
    engine = await DuckDbEngine.create({ dataDir: await testDataDir(), threads: 1 });
    dynamo = await startEmbeddedDynamoDb(0);
    const client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, 'lambda-auth-test');
    const config = loadConfig({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile(KEYS) });
    handler = createGraphqlHandler({
      engine,
      agentStates: new AgentStateRepository({ client, tableName: 'lambda-auth-test' }),
      logger: pino({ level: 'silent' }),
      limits: { maxPageSize: 100, maxRangeDays: 31 },
      security: config,
      metrics: createServerMetrics(),
      maskInternalErrors: true,
      loadAuthenticator: () => {
        loads++;
        return createAuthenticator(config.auth, { nodeEnv: 'test', awsRegion: 'us-east-1' });
      },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await dynamo?.stop();
  });

  it('answers an event without a key 401 UNAUTHENTICATED with a challenge', async () => {
    const result = await handler(event({}), lambdaContext());
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['www-authenticate']).toMatch(/^ApiKey realm="connect-analytics"/);
    expect(JSON.parse(String(result.body))).toEqual({ errors: [{ message: expect.stringContaining("'x-api-key' header"), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await handler(event({ 'x-api-key': 'lk_wrong' }), lambdaContext())).statusCode).toBe(401);
  });

  it("gives the event's principal to the request context: each key reads its own instance only", async () => {
    const a = await handler(event({ 'x-api-key': 'lk_tenant_a' }), lambdaContext());
    expect(a.statusCode).toBe(200);
    const aBody = JSON.parse(String(a.body)) as { data: { contacts: { edges: unknown[] } } };
    expect(aBody.data.contacts.edges).toHaveLength(3);
    const b = await handler(event({ 'X-Api-Key': 'lk_tenant_b' }), lambdaContext());
    expect(b.statusCode).toBe(200);
    expect((JSON.parse(String(b.body)) as { data: { contacts: { edges: unknown[] } } }).data.contacts.edges).toEqual([]);
    // The key file is read once per execution environment.
    expect(loads).toBe(1);
  });
});
