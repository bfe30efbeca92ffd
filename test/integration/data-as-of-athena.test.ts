import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoData } from '../../src/local/demo-data';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * `extensions.dataAsOf` with ENGINE=athena at the local Athena-protocol endpoint: the watermark is
 * one bounded statement per source over the last DATA_AS_OF_PROBE_DAYS UTC days (it carries a
 * partition predicate) and the result cache keeps it, so repeated and different requests of one
 * scope send it once.
 */
describe('extensions.dataAsOf on Athena (local endpoint)', () => {
  const saved = { ...process.env };
  const today = new Date().toISOString().slice(0, 10);
  let local: AthenaLocalEndpoint;
  let server: TestServer;

  type Body = { errors?: unknown[]; extensions?: { dataAsOf?: { sources: Record<string, { newestPartition?: string | null; newestRecordTime?: string | null }>; complete?: boolean } } };

  beforeAll(async () => {
    // Data of today: the only partitions an Athena watermark probes are the last few UTC days.
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-freshness-athena-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 1, agents: 3, seed: 'freshness-athena', start: today, progress: false });
    local = await startAthenaLocalEndpoint({ dataDir });
    process.env.AWS_ENDPOINT_URL_ATHENA = local.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    server = await startTestServer({ DATA_DIR: dataDir, ENGINE: 'athena', DYNAMODB_EMBEDDED: '1', ATHENA_OUTPUT_LOCATION: 's3://results/prefix/', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'analytics', DATA_AS_OF_PROBE_DAYS: '2' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await local?.close();
    process.env = saved;
  });

  const watermarkStatements = () =>
    local.requests.filter((r) => r.operation === 'StartQueryExecution' && String(r.body.QueryString).includes('newest_record_time'));

  const ask = async (query: string): Promise<Body> => {
    const { status, body } = await postQuery(server.url, query);
    expect(status).toBe(200);
    expect((body as Body).errors).toBeUndefined();
    return body as Body;
  };

  const CONTACTS = `{ contacts(filter: { from: "${today}T00:00:00Z", to: "${today}T23:59:59Z" }, first: 3) { edges { node { contactId } } } }`;

  it('reads the CTR watermark with one partition-bounded statement and serves it from the cache afterwards', async () => {
    const first = await ask(CONTACTS);
    expect(first.extensions?.dataAsOf?.sources.ctr?.newestPartition).toBe(today);
    expect(first.extensions?.dataAsOf?.sources.ctr?.newestRecordTime?.slice(0, 10)).toBe(today);
    expect(first.extensions?.dataAsOf?.complete).toBe(false);

    const statements = watermarkStatements();
    expect(statements).toHaveLength(1);
    const sql = String(statements[0]!.body.QueryString);
    expect(sql).toMatch(/FROM connect_ctr\s+WHERE \(\(year = \? AND month = \? AND day = \?\) OR \(year = \? AND month = \? AND day = \?\)\)/);
    const [year, month, day] = today.split('-').map(Number);
    expect(statements[0]!.body.ExecutionParameters).toEqual(expect.arrayContaining([String(year), String(month), String(day)]));

    const again = await ask(CONTACTS);
    const metrics = await ask(`{ metrics(input: { from: "${today}T00:00:00Z", to: "${today}T23:00:00Z", timeZone: "UTC", interval: TOTAL, metrics: [{ name: CONTACTS_CREATED }] }) { rows { metrics { value } } } }`);
    expect(again.extensions?.dataAsOf).toEqual(first.extensions?.dataAsOf);
    expect(metrics.extensions?.dataAsOf?.sources.ctr).toEqual(first.extensions?.dataAsOf?.sources.ctr);
    // Same scope, within the minute: no second watermark statement.
    expect(watermarkStatements()).toHaveLength(1);
  });
});
