import { writeApiKeyFile, postWithHeaders, type TestApiKey } from '../helpers/auth';
import { readRawRecords } from '../helpers/raw-records';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { twoInstanceData, type TwoInstanceData } from '../helpers/two-instance-data';

/**
 * `extensions.dataAsOf` through the real server on DuckDB, over two Connect instances in one data
 * folder: per source read, the newest partition and record time of the caller's own instances,
 * the CTR completeness point, whether the range read is complete, and the live marker.
 */
describe('extensions.dataAsOf (DuckDB, two instances)', () => {
  const CONTACT_MAX_DURATION_HOURS = 2;
  const HOUR_MS = 3_600_000;
  let data: TwoInstanceData;
  let server: TestServer;
  let keys: Record<'a' | 'b' | 'all', TestApiKey>;

  type DataAsOf = {
    sources: Record<string, { newestRecordTime?: string | null; newestPartition?: string | null; completeBefore?: string; live?: boolean; unavailable?: boolean }>;
    complete?: boolean;
    range?: { from: string; to: string };
  };
  type Body = { data?: Record<string, unknown> | null; errors?: { message: string }[]; extensions?: { dataAsOf?: DataAsOf } };

  beforeAll(async () => {
    data = await twoInstanceData();
    const read = ['metrics:read', 'contacts:read', 'live:read'];
    keys = {
      a: { key: 'ak_freshness_tenant_a_01', principal: 'tenant-a', instances: [data.a.instance.arn], scopes: read },
      b: { key: 'ak_freshness_tenant_b_02', principal: 'tenant-b', instances: [data.b.instance.arn], scopes: read },
      all: { key: 'ak_freshness_all_0003', principal: 'operator', instances: ['*'], scopes: read },
    };
    server = await startTestServer({ DATA_DIR: data.dir, AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: writeApiKeyFile(Object.values(keys)), CONTACT_MAX_DURATION_HOURS: String(CONTACT_MAX_DURATION_HOURS) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = async (key: TestApiKey, query: string): Promise<Body> => {
    const res = await postWithHeaders(server.url, query, { 'x-api-key': key.key });
    expect(res.status).toBe(200);
    const body = res.body as Body;
    expect(body.errors).toBeUndefined();
    return body;
  };
  const dataAsOf = (body: Body): DataAsOf => {
    expect(body.extensions?.dataAsOf).toBeDefined();
    return body.extensions!.dataAsOf!;
  };

  /** The newest CTR partition of the raw files holding a record of `instanceArns`, and the newest InitiationTimestamp in it. */
  const expectedCtrWatermark = (instanceArns: readonly string[]) => {
    const records = readRawRecords<{ InstanceARN?: string; InitiationTimestamp?: string }>(data.dir, 'ctr').filter(
      (r) => r.record.InitiationTimestamp !== undefined && instanceArns.includes(r.record.InstanceARN ?? ''),
    );
    const newestPartition = records.map((r) => r.partition).sort().at(-1)!;
    const newestMs = Math.max(...records.filter((r) => r.partition === newestPartition).map((r) => Date.parse(r.record.InitiationTimestamp!)));
    return { newestPartition, newestRecordTime: new Date(newestMs).toISOString() };
  };

  const metricsQuery = (from: string, to: string) => `{
    metrics(input: { from: "${from}", to: "${to}", timeZone: "UTC", interval: TOTAL, metrics: [{ name: CONTACTS_CREATED }] }) { rows { metrics { name value } } }
  }`;

  it('says a metrics query over closed days is complete, with the newest CTR partition and record time of the data', async () => {
    const body = await as(keys.all, metricsQuery('2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z'));
    const asOf = dataAsOf(body);
    const expected = expectedCtrWatermark([data.a.instance.arn, data.b.instance.arn]);
    expect(expected.newestPartition).toBe('2026-11-20');
    expect(asOf.sources.ctr).toEqual({
      newestPartition: expected.newestPartition,
      newestRecordTime: expected.newestRecordTime,
      completeBefore: new Date(Date.parse(expected.newestRecordTime) - CONTACT_MAX_DURATION_HOURS * HOUR_MS).toISOString(),
    });
    expect(Object.keys(asOf.sources)).toEqual(['ctr']);
    expect(asOf.complete).toBe(true);
    expect(asOf.range).toEqual({ from: '2026-11-19T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' });
  });

  it('says a range that touches today is not complete', async () => {
    const tomorrow = new Date(Date.now() + 24 * HOUR_MS).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 20 * 24 * HOUR_MS).toISOString().slice(0, 10);
    const asOf = dataAsOf(await as(keys.all, metricsQuery(`${from}T00:00:00Z`, `${tomorrow}T00:00:00Z`)));
    expect(asOf.complete).toBe(false);
    expect(asOf.range?.to).toBe(`${tomorrow}T00:00:00.000Z`);
    expect(asOf.sources.ctr?.newestPartition).toBe('2026-11-20');
  });

  it('says the last day of data is not complete while its contacts may still be running (the longest contact after the newest CTR)', async () => {
    const asOf = dataAsOf(await as(keys.all, metricsQuery('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z')));
    expect(asOf.complete).toBe(false);
  });

  it('marks a query that reads only live state as live, without a watermark or completeness', async () => {
    const asOf = dataAsOf(await as(keys.all, '{ agentStates { username activity } }'));
    expect(asOf).toEqual({ sources: { agentState: { live: true } } });
  });

  it('marks live queue state (Queue.realtime) as live', async () => {
    const asOf = dataAsOf(await as(keys.all, '{ queues { name realtime { contactsInQueue agentsAvailable } } }'));
    expect(asOf.sources.queueLive).toEqual({ live: true });
    expect(asOf.sources.agentState).toEqual({ live: true });
  });

  it('includes ctr for a contacts query', async () => {
    const asOf = dataAsOf(await as(keys.all, '{ contacts(filter: { from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z" }, first: 5) { edges { node { contactId } } } }'));
    expect(asOf.sources.ctr?.newestPartition).toBe('2026-11-20');
    expect(asOf.complete).toBe(true);
  });

  it('carries dataAsOf on a response that read nothing', async () => {
    expect(dataAsOf(await as(keys.a, '{ __typename }'))).toEqual({ sources: {} });
  });

  it("reports each caller's own instances only: the watermark follows the scope and names no other instance", async () => {
    const query = metricsQuery('2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z');
    const [asA, asB] = await Promise.all([as(keys.a, query), as(keys.b, query)]);
    const expectedA = expectedCtrWatermark([data.a.instance.arn]);
    const expectedB = expectedCtrWatermark([data.b.instance.arn]);
    // The two instances' newest contacts differ, so a shared (unscoped) watermark would show.
    expect(expectedA.newestRecordTime).not.toBe(expectedB.newestRecordTime);
    expect(dataAsOf(asA).sources.ctr).toMatchObject(expectedA);
    expect(dataAsOf(asB).sources.ctr).toMatchObject(expectedB);
    const idOfB = data.b.instance.arn.slice(data.b.instance.arn.lastIndexOf('/') + 1);
    const textA = JSON.stringify(asA.extensions);
    expect(textA).not.toContain(idOfB);
    expect(textA).not.toContain(expectedB.newestRecordTime);
  });
});
