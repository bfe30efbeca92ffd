import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoData } from '../../src/local/demo-data';
import { postQuery, type GraphQLResponse } from '../helpers/graphql-client';
import { readRawRecords } from '../helpers/raw-records';
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
  cacheMisses: number;
  ctrPartitionDays?: { rollup: string[]; raw: string[] };
}

interface Ctr {
  ContactId: string;
  LastUpdateTimestamp: string;
  Queue?: { Name?: string; EnqueueTimestamp?: string | null } | null;
  Agent?: { ConnectedToAgentTimestamp?: string | null } | null;
  [key: string]: unknown;
}

const INPUT = {
  from: '2026-11-19T00:00:00Z',
  to: '2026-11-23T00:00:00Z',
  interval: 'DAY',
  timeZone: 'UTC',
  groupings: [{ key: 'QUEUE' }],
  metrics: [{ name: 'CONTACTS_HANDLED' }, { name: 'CONTACTS_ABANDONED' }, { name: 'AVG_HANDLE_TIME' }, { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }] }],
};

/** One answer's value of a metric for a day and queue. */
function valueOf(data: MetricsData, day: string, queue: string, metric: string): number | null {
  const row = data.metrics.rows.find((r) => r.intervalStart.startsWith(day) && r.dimensions[0]?.value === queue);
  return row?.metrics.find((m) => m.name === metric)?.value ?? null;
}

/**
 * The late-CTR scenario through the real server (DuckDB, embedded rollups): closed days rolled up and
 * answered from the rollup; a re-delivery with a newer LastUpdateTimestamp lands in a closed day
 * under a Firehose-style name without extension; the next answer already reflects it (that day is
 * dirty and read raw), and after the next rollup run the answer stays the same and that day comes
 * from the rollup again.
 */
describe('a late CTR for a closed day: dirty-day raw path, then rebuilt by the next rollup run', () => {
  let dataDir: string;
  let server: TestServer;
  let late: Ctr;
  let queue: string;

  beforeAll(async () => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-late-ctr-')), 'data');
    await generateDemoData({ outDir: dataDir, days: 4, agents: 6, seed: 'late-ctr', start: '2026-11-19', progress: false });
    // ROLLUP_CLEAN_CACHE_SECONDS=0: each request checks the manifests (the default reuses an answer 5 s).
    server = await startTestServer({ DATA_DIR: dataDir, ROLLUP_CLEAN_CACHE_SECONDS: '0' });
    // A handled contact of 2026-11-21 (the latest delivery of its id), re-delivered later without an agent: no longer handled.
    const deliveries = readRawRecords<Ctr>(dataDir, 'ctr').filter((r) => r.partition === '2026-11-21');
    const latest = new Map<string, Ctr>();
    for (const { record } of deliveries) if (!latest.has(record.ContactId) || latest.get(record.ContactId)!.LastUpdateTimestamp < record.LastUpdateTimestamp) latest.set(record.ContactId, record);
    const handled = [...latest.values()].find((c) => c.Agent?.ConnectedToAgentTimestamp && c.Queue?.Name)!;
    queue = handled.Queue!.Name!;
    late = { ...handled, Agent: null, DisconnectReason: 'CUSTOMER_DISCONNECT', LastUpdateTimestamp: new Date(Date.parse(handled.LastUpdateTimestamp) + 86_400_000).toISOString() };
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  const ask = async (): Promise<{ data: MetricsData; stats: Stats }> => {
    const { status, body } = await postQuery<MetricsData>(server.url, METRICS_QUERY, { input: INPUT });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return { data: body.data!, stats: (body as GraphQLResponse<MetricsData> & { extensions: { stats: Stats } }).extensions.stats };
  };

  let fromRollup: MetricsData;
  let dirty: MetricsData;

  it('answers the closed days from their rollups once the rollup has run', async () => {
    const raw = await ask();
    expect(raw.stats.ctrPartitionDays?.rollup ?? []).toEqual([]);
    const summary = await server.stack.rollups!.runNow();
    expect(summary).toMatchObject({ built: 4, failed: 0 });
    const answer = await ask();
    expect(answer.stats.ctrPartitionDays?.rollup).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    expect(answer.data).toEqual(raw.data);
    fromRollup = answer.data;
  });

  it('reflects a late re-delivery in a closed day at once: that day is dirty and read raw', async () => {
    const folder = path.join(dataDir, 'ctr', 'year=2026', 'month=11', 'day=21');
    fs.writeFileSync(path.join(folder, 'connect-analytics-ctr-stream-2-2026-11-22-10-15-02-4b1f6c2e-7a8d-4e51-9c0b-2f3e4d5a6b7c'), `${JSON.stringify(late)}\n`);
    await server.stack.rescanData();
    const answer = await ask();
    expect(answer.stats.ctrPartitionDays?.raw).toContain('2026-11-21');
    expect(answer.stats.ctrPartitionDays?.rollup).toEqual(['2026-11-19', '2026-11-20', '2026-11-22']);
    expect(valueOf(answer.data, '2026-11-21', queue, 'CONTACTS_HANDLED')).toBe(valueOf(fromRollup, '2026-11-21', queue, 'CONTACTS_HANDLED')! - 1);
    // The other days are unchanged.
    expect(valueOf(answer.data, '2026-11-20', queue, 'CONTACTS_HANDLED')).toBe(valueOf(fromRollup, '2026-11-20', queue, 'CONTACTS_HANDLED'));
    dirty = answer.data;
  });

  it('rebuilds only that day on the next run; the answer stays the same and comes from the rollup again', async () => {
    const summary = await server.stack.rollups!.runNow();
    expect(summary).toMatchObject({ built: 1, skippedClean: 3, failed: 0 });
    expect(summary.outcomes.find((o) => o.outcome === 'built')).toMatchObject({ day: '2026-11-21', reason: 'dirty' });
    const answer = await ask();
    expect(answer.stats.ctrPartitionDays?.rollup).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    // Not a cached copy of the first rollup answer (same statement): the engine ran it again.
    expect(answer.stats.cacheMisses).toBeGreaterThan(0);
    expect(answer.data).toEqual(dirty);
  });
});
