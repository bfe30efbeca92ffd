import type { ContactsPageQuery, ContactsPageQueryVariables } from '../generated/operations';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { postOperation } from '../helpers/graphql-client';
import { startTestServer, testDataDir, TEST_DATA, type TestServer } from '../helpers/test-server';

/**
 * The whole server with ENGINE=athena: the real Athena client, found through the SDK's own
 * AWS_ENDPOINT_URL_ATHENA, talking to a local Athena-protocol endpoint over the same files, must give
 * the same answers as ENGINE=duckdb.
 */
describe('GraphQL server with ENGINE=athena against a local Athena-protocol endpoint', () => {
  const saved = { ...process.env };
  let local: AthenaLocalEndpoint;
  let athenaServer: TestServer;
  let duckdbServer: TestServer;

  beforeAll(async () => {
    const dataDir = await testDataDir();
    local = await startAthenaLocalEndpoint({ dataDir });
    process.env.AWS_ENDPOINT_URL_ATHENA = local.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    athenaServer = await startTestServer({ ENGINE: 'athena', DYNAMODB_EMBEDDED: '1', ATHENA_OUTPUT_LOCATION: 's3://results/prefix/', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'analytics' });
    duckdbServer = await startTestServer();
  });
  afterAll(async () => {
    await athenaServer?.stop();
    await duckdbServer?.stop();
    await local?.close();
    process.env = saved;
  });

  it('answers a contacts page like the embedded engine and reports the Athena call', async () => {
    const variables: ContactsPageQueryVariables = { filter: { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-20T12:00:00Z', channel: 'VOICE' }, first: 25 };
    const viaAthena = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(athenaServer.url, 'contacts', 'ContactsPage', variables);
    const viaDuckDb = await postOperation<ContactsPageQuery, ContactsPageQueryVariables>(duckdbServer.url, 'contacts', 'ContactsPage', variables);
    expect(viaAthena.body.errors).toBeUndefined();
    expect(viaAthena.body.data!.contacts.edges.length).toBe(25);
    expect(viaAthena.body.data).toEqual(viaDuckDb.body.data);
    expect(viaAthena.body.extensions?.stats?.backendCalls).toEqual({ athena: 1 });
    const start = local.requests.find((r) => r.operation === 'StartQueryExecution')!;
    expect(start.body).toMatchObject({
      WorkGroup: 'analytics',
      QueryExecutionContext: { Database: 'connect' },
      ResultConfiguration: { OutputLocation: 's3://results/prefix/' },
      ExecutionParameters: expect.arrayContaining(["'VOICE'"]),
    });
  });

  it('reports readiness of the Athena engine', async () => {
    const ready = await fetch(`${athenaServer.url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { athena: 'ok', dynamodb: 'ok' } });
  });
});
