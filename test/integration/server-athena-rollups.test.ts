import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/env';
import { createDefaultRollupDeps } from '../../src/lambda/rollup.deps';
import { createRollupHandler } from '../../src/lambda/rollup.handler';
import { generateDemoData } from '../../src/local/demo-data';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { postQuery, type GraphQLResponse } from '../helpers/graphql-client';
import { readRawRecords } from '../helpers/raw-records';
import { startS3LocalEndpoint, type S3LocalEndpoint } from '../helpers/s3-local-endpoint';
import { startTestServer, type TestServer } from '../helpers/test-server';

const METRICS_QUERY = `query Metrics($input: MetricsInput!) {
  metrics(input: $input) {
    rows {
      intervalStart
      dimensions { key value }
      metrics { name value threshold { comparison seconds } }
    }
  }
}`;

interface MetricsData {
  metrics: { rows: { intervalStart: string; dimensions: { key: string; value: string | null }[]; metrics: { name: string; value: number | null }[] }[] };
}

interface Stats {
  ctrPartitionDays?: { rollup: string[]; raw: string[] };
}

interface Ctr {
  ContactId: string;
  LastUpdateTimestamp: string;
  Queue?: { Name?: string } | null;
  Agent?: { ConnectedToAgentTimestamp?: string | null } | null;
  [key: string]: unknown;
}

const DAYS = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];

const inputOf = (from: string, to: string) => ({
  from,
  to,
  interval: 'DAY',
  timeZone: 'UTC',
  groupings: [{ key: 'QUEUE' }],
  metrics: [{ name: 'CONTACTS_HANDLED' }, { name: 'CONTACTS_ABANDONED' }, { name: 'AVG_HANDLE_TIME' }, { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }] }],
});
const INPUT = inputOf('2026-11-19T00:00:00Z', '2026-11-23T00:00:00Z');

/** One answer's value of a metric for a day and queue. */
function valueOf(data: MetricsData, day: string, queue: string, metric: string): number | null {
  const row = data.metrics.rows.find((r) => r.intervalStart.startsWith(day) && r.dimensions[0]?.value === queue);
  return row?.metrics.find((m) => m.name === metric)?.value ?? null;
}

/**
 * The ENGINE=athena server reads the rollups the rollup Lambda wrote: the real Athena and S3 clients,
 * found through the SDK's AWS_ENDPOINT_URL_ATHENA / AWS_ENDPOINT_URL_S3, against a local Athena
 * endpoint (DuckDB over the folder, UNLOAD into it) and a local S3 endpoint whose bucket is the same
 * folder (CTRs, rollups/ctr/, rollups/_manifests/ctr/). With ROLLUP_BUCKET the closed days come from
 * connect_ctr_rollup15 and the answer equals the raw one (a server without ROLLUP_BUCKET); a late CTR
 * makes its day raw at once; an S3 outage only makes the days raw.
 */
describe('GraphQL server with ENGINE=athena and ROLLUP_BUCKET: closed days from the Athena rollups', () => {
  const saved = { ...process.env };
  let dataDir: string;
  let athena: AthenaLocalEndpoint;
  let s3: S3LocalEndpoint;
  let rollupServer: TestServer;
  let rawServer: TestServer;
  const logLines: { msg?: string; day?: string }[] = [];
  let queue: string;
  let late: Ctr;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-athena-rollups-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 4, agents: 6, seed: 'athena-rollups', start: DAYS[0], progress: false });
    athena = await startAthenaLocalEndpoint({ dataDir, runningPolls: 0, buckets: { 'connect-data': dataDir } });
    s3 = await startS3LocalEndpoint({ buckets: { 'connect-data': dataDir } });
    process.env.AWS_ENDPOINT_URL_ATHENA = athena.endpoint;
    process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    const athenaEnv = { AWS_REGION: 'us-east-1', ATHENA_DATABASE: 'connect', ATHENA_WORKGROUP: 'analytics', ATHENA_OUTPUT_LOCATION: 's3://results/athena/' };

    // The rollup Lambda with its deployed dependencies builds the four closed days (UNLOAD + manifests in the bucket).
    const config = loadConfig({ ENGINE: 'athena', LOG_LEVEL: 'silent', ...athenaEnv, ROLLUP_BUCKET: 'connect-data', ROLLUP_LOOKBACK_DAYS: '5' });
    const summary = await createRollupHandler({ ...createDefaultRollupDeps(config), now: () => new Date('2026-11-24T03:00:00Z') })({});
    expect(summary).toMatchObject({ built: 4, failed: 0 });
    await athena.rescan();

    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logLines.push(JSON.parse(chunk.toString()) as { msg?: string });
          callback();
        },
      }),
    );
    const serverEnv = { ENGINE: 'athena', DYNAMODB_EMBEDDED: '1', DATA_DIR: dataDir, ...athenaEnv };
    // ROLLUP_CLEAN_CACHE_SECONDS=0: each request checks the manifests (the default reuses an answer 5 s).
    rollupServer = await startTestServer({ ...serverEnv, ROLLUP_BUCKET: 'connect-data', ROLLUP_CLEAN_CACHE_SECONDS: '0' }, { logger });
    rawServer = await startTestServer(serverEnv);

    const deliveries = readRawRecords<Ctr>(dataDir, 'ctr').filter((r) => r.partition === '2026-11-21');
    const latest = new Map<string, Ctr>();
    for (const { record } of deliveries) if (!latest.has(record.ContactId) || latest.get(record.ContactId)!.LastUpdateTimestamp < record.LastUpdateTimestamp) latest.set(record.ContactId, record);
    const handled = [...latest.values()].find((c) => c.Agent?.ConnectedToAgentTimestamp && c.Queue?.Name)!;
    queue = handled.Queue!.Name!;
    late = { ...handled, Agent: null, DisconnectReason: 'CUSTOMER_DISCONNECT', LastUpdateTimestamp: new Date(Date.parse(handled.LastUpdateTimestamp) + 86_400_000).toISOString() };
  });
  afterAll(async () => {
    await rollupServer?.stop();
    await rawServer?.stop();
    await s3?.close().catch(() => undefined);
    await athena?.close();
    process.env = saved;
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  const ask = async (server: TestServer, input = INPUT): Promise<{ data: MetricsData; stats: Stats }> => {
    const { status, body } = await postQuery<MetricsData>(server.url, METRICS_QUERY, { input });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return { data: body.data!, stats: (body as GraphQLResponse<MetricsData> & { extensions: { stats: Stats } }).extensions.stats };
  };

  let fromRollup: MetricsData;

  it('reads the closed days from the rollup table, with the same answer as the raw read', async () => {
    const rolled = await ask(rollupServer);
    const raw = await ask(rawServer);
    expect(rolled.stats.ctrPartitionDays?.rollup).toEqual(DAYS);
    expect(raw.stats.ctrPartitionDays?.rollup ?? []).toEqual([]);
    expect(raw.stats.ctrPartitionDays?.raw).toEqual(DAYS);
    expect(rolled.data.metrics.rows.length).toBeGreaterThan(0);
    expect(rolled.data).toEqual(raw.data);
    // The rollup server's statement read connect_ctr_rollup15; the raw server's did not.
    const statements = athena.requests.filter((r) => r.operation === 'StartQueryExecution').map((r) => String(r.body.QueryString));
    expect(statements.some((sql) => sql.includes('connect_ctr_rollup15') && !sql.startsWith('UNLOAD'))).toBe(true);
    // The availability read the manifests through S3 (GetObject).
    expect(s3.requests.some((r) => r.operation === 'GetObject' && r.key === 'rollups/_manifests/ctr/2026-11-21.json')).toBe(true);
    fromRollup = rolled.data;
  });

  it('reads a closed day raw at once when a late CTR lands in it (dirty), the answer changes, and responses cached before are not served', async () => {
    const folder = path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=21');
    fs.writeFileSync(path.join(folder, 'connect-analytics-ctr-stream-2-2026-11-23-10-15-02-4b1f6c2e-7a8d-4e51-9c0b-2f3e4d5a6b7c'), `${JSON.stringify(late)}\n`);
    await athena.rescan();
    // A question about that day that no cached response answers: the availability sees the day dirty.
    const dayOnly = await ask(rollupServer, inputOf('2026-11-21T00:00:00Z', '2026-11-22T00:00:00Z'));
    expect(dayOnly.stats.ctrPartitionDays).toEqual({ rollup: [], raw: ['2026-11-21'] });
    // The first test's question again: its response cached from the clean rollup no longer answers (the data version moved on).
    const answer = await ask(rollupServer);
    expect(answer.stats.ctrPartitionDays?.raw).toEqual(['2026-11-21']);
    expect(answer.stats.ctrPartitionDays?.rollup).toEqual(['2026-11-19', '2026-11-20', '2026-11-22']);
    expect(valueOf(answer.data, '2026-11-21', queue, 'CONTACTS_HANDLED')).toBe(valueOf(fromRollup, '2026-11-21', queue, 'CONTACTS_HANDLED')! - 1);
    expect(valueOf(answer.data, '2026-11-20', queue, 'CONTACTS_HANDLED')).toBe(valueOf(fromRollup, '2026-11-20', queue, 'CONTACTS_HANDLED'));
  });

  it('still answers when S3 cannot be reached: the closed days are read raw, and the outage is logged once', async () => {
    await s3.close();
    const input = inputOf('2026-11-19T00:00:00Z', '2026-11-22T00:00:00Z');
    const first = await ask(rollupServer, input);
    const second = await ask(rollupServer, inputOf('2026-11-20T00:00:00Z', '2026-11-23T00:00:00Z'));
    expect(first.stats.ctrPartitionDays).toEqual({ rollup: [], raw: DAYS.slice(0, 3) });
    expect(second.stats.ctrPartitionDays).toEqual({ rollup: [], raw: DAYS.slice(1) });
    expect(first.data).toEqual((await ask(rawServer, input)).data);
    expect(logLines.filter((l) => l.msg?.startsWith('rollup state unavailable'))).toHaveLength(1);
  });
});
