import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const QUERY = `query QueueTable($input: MetricsInput!) {
  metrics(input: $input) {
    rows { intervalStart intervalEnd intervalStartLocal dimensions { value } metrics { name value threshold { comparison seconds } } }
    table { columns { name kind unit } rows }
  }
}`;

interface Data {
  metrics: {
    rows: { intervalStart: string; intervalEnd: string; intervalStartLocal: string; dimensions: { value: string | null }[]; metrics: { name: string; value: number | null; threshold: { comparison: string; seconds: number } | null }[] }[];
    table: { columns: { name: string; kind: string; unit: string | null }[]; rows: Record<string, string | number | null>[] };
  };
}

describe('MetricsResult.table through the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('flattens every row of the answer into snake_case columns with the same values', async () => {
    const input = {
      from: '2026-11-19T00:00:00-05:00',
      to: '2026-11-21T00:00:00-05:00',
      interval: 'DAY',
      timeZone: 'America/New_York',
      groupings: [{ key: 'QUEUE' }],
      metrics: [
        { name: 'CONTACTS_HANDLED' },
        { name: 'AVG_HANDLE_TIME' },
        { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LT', seconds: 60 }] },
      ],
    };
    const { status, body } = await postQuery<Data>(server.url, QUERY, { input });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { rows, table } = body.data!.metrics;
    expect(table.columns).toEqual([
      { name: 'interval_start', kind: 'TIME', unit: null },
      { name: 'interval_end', kind: 'TIME', unit: null },
      { name: 'interval_start_local', kind: 'TIME', unit: null },
      { name: 'queue', kind: 'TEXT', unit: null },
      { name: 'contacts_handled', kind: 'NUMBER', unit: 'COUNT' },
      { name: 'avg_handle_time_seconds', kind: 'NUMBER', unit: 'SECONDS' },
      { name: 'service_level_lt_20s', kind: 'NUMBER', unit: 'PERCENT' },
      { name: 'service_level_lt_60s', kind: 'NUMBER', unit: 'PERCENT' },
    ]);
    expect(rows.length).toBeGreaterThan(2);
    expect(table.rows).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const sl = (seconds: number) => row.metrics.find((m) => m.name === 'SERVICE_LEVEL' && m.threshold?.seconds === seconds)?.value;
      expect(table.rows[i]).toEqual({
        interval_start: row.intervalStart,
        interval_end: row.intervalEnd,
        interval_start_local: row.intervalStartLocal,
        queue: row.dimensions[0]!.value,
        contacts_handled: row.metrics.find((m) => m.name === 'CONTACTS_HANDLED')!.value,
        avg_handle_time_seconds: row.metrics.find((m) => m.name === 'AVG_HANDLE_TIME')!.value,
        service_level_lt_20s: sl(20),
        service_level_lt_60s: sl(60),
      });
    });
    // The two SERVICE_LEVEL thresholds no longer collide: somewhere they differ.
    expect(table.rows.some((r) => r.service_level_lt_20s !== r.service_level_lt_60s)).toBe(true);
  });
});
