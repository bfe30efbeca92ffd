import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Metrics hygiene through the real server on the demo data: intervals widened to whole periods of
 * the request time zone, and rows without a grouping value only on request (`includeUnassigned`).
 */

const TIME_ZONE = 'America/New_York';

const METRICS_QUERY = `query Metrics($input: MetricsInput!) {
  metrics(input: $input) {
    interval timeZone from to
    rows {
      intervalStart intervalEnd intervalStartLocal intervalEndLocal
      dimensions { key value arn }
      metrics { name value threshold { comparison seconds } }
    }
  }
}`;

interface ApiRow {
  intervalStart: string;
  intervalEnd: string;
  intervalStartLocal: string;
  intervalEndLocal: string;
  dimensions: { key: string; value: string | null; arn: string | null }[];
  metrics: { name: string; value: number | null; threshold: { comparison: string; seconds: number } | null }[];
}
interface MetricsData {
  metrics: { interval: string; timeZone: string; from: string; to: string; rows: ApiRow[] };
}

/** Metrics of every family: contact records (by initiation and by enqueue), agent events, Contact Lens, evaluations. */
const EVERY_FAMILY = [
  { name: 'CONTACTS_CREATED' },
  { name: 'CONTACTS_HANDLED' },
  { name: 'CONTACTS_QUEUED_BY_ENQUEUE' },
  { name: 'AVG_HANDLE_TIME' },
  { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }] },
  { name: 'SUM_CONTACT_TIME_AGENT' },
  { name: 'AVG_SENTIMENT_CUSTOMER' },
  { name: 'AVG_EVALUATION_SCORE' },
];

/** Counts that add up over a grouping: each contact is in exactly one queue, or none. */
const COUNTS = [{ name: 'CONTACTS_CREATED' }, { name: 'CONTACTS_HANDLED' }, { name: 'CONTACTS_ABANDONED' }, { name: 'SUM_HANDLE_TIME' }];

describe('metrics hygiene (aligned intervals, unassigned rows) through the real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function metrics(input: Record<string, unknown>): Promise<MetricsData['metrics']> {
    const { status, body } = await postQuery<MetricsData>(server.url, METRICS_QUERY, { input });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    return body.data!.metrics;
  }

  describe('a DAY request with a mid-day from and to', () => {
    const midDay = { from: '2026-11-19T10:07:00-05:00', to: '2026-11-20T15:30:00-05:00' };
    const midnights = { from: '2026-11-19T00:00:00-05:00', to: '2026-11-21T00:00:00-05:00' };

    it('answers whole local days, labelled from local midnight, and the widened range as from/to', async () => {
      const result = await metrics({ ...midDay, interval: 'DAY', timeZone: TIME_ZONE, metrics: EVERY_FAMILY });
      expect([result.from, result.to]).toEqual([new Date(midnights.from).toISOString(), new Date(midnights.to).toISOString()]);
      expect(result.rows.map((r) => [r.intervalStartLocal, r.intervalEndLocal])).toEqual([
        ['2026-11-19T00:00:00-05:00', '2026-11-20T00:00:00-05:00'],
        ['2026-11-20T00:00:00-05:00', '2026-11-21T00:00:00-05:00'],
      ]);
      expect(result.rows[0].intervalStart).toBe(new Date(midnights.from).toISOString());
    });

    it('counts exactly what the same request from and to local midnight counts, for every metric family', async () => {
      const widened = await metrics({ ...midDay, interval: 'DAY', timeZone: TIME_ZONE, metrics: EVERY_FAMILY });
      const aligned = await metrics({ ...midnights, interval: 'DAY', timeZone: TIME_ZONE, metrics: EVERY_FAMILY });
      expect(widened).toEqual(aligned);
    });

    it('differs from the clipped count: the demo data has contacts before 10:07 and after 15:30 (TOTAL keeps the range as given)', async () => {
      const total = (range: { from: string; to: string }) => metrics({ ...range, interval: 'TOTAL', timeZone: TIME_ZONE, metrics: [{ name: 'CONTACTS_CREATED' }] });
      const clipped = await total(midDay);
      expect([clipped.from, clipped.to]).toEqual([new Date(midDay.from).toISOString(), new Date(midDay.to).toISOString()]);
      const whole = await total(midnights);
      expect(clipped.rows[0].metrics[0].value).toBeGreaterThan(0);
      expect(clipped.rows[0].metrics[0].value).toBeLessThan(whole.rows[0].metrics[0].value!);
    });

    it('checks the range limit on the range as requested: 3 days by HOUR from 10:07 is allowed and answers from 10:00', async () => {
      const result = await metrics({ from: '2026-11-18T10:07:00-05:00', to: '2026-11-21T10:07:00-05:00', interval: 'HOUR', timeZone: TIME_ZONE, metrics: [{ name: 'CONTACTS_CREATED' }] });
      expect([result.from, result.to]).toEqual(['2026-11-18T15:00:00.000Z', '2026-11-21T16:00:00.000Z']);
      expect(result.rows).toHaveLength(73);
      expect(result.rows.every((r) => /T\d{2}:00:00-05:00$/.test(r.intervalStartLocal))).toBe(true);
    });
  });

  describe('by QUEUE, rows of contacts that never queued', () => {
    const request = { from: '2026-11-19T00:00:00-05:00', to: '2026-11-21T00:00:00-05:00', interval: 'TOTAL', timeZone: TIME_ZONE, metrics: COUNTS };
    const values = (row: ApiRow) => row.metrics.map((m) => m.value ?? 0);

    it('are left out by default and answered with includeUnassigned: true; with them the rows add up to the ungrouped total', async () => {
      const byDefault = await metrics({ ...request, groupings: [{ key: 'QUEUE' }] });
      const withUnassigned = await metrics({ ...request, groupings: [{ key: 'QUEUE' }], includeUnassigned: true });
      const ungrouped = await metrics(request);

      expect(byDefault.rows.length).toBeGreaterThan(0);
      expect(byDefault.rows.filter((r) => r.dimensions[0].value === null)).toEqual([]);
      const unassigned = withUnassigned.rows.filter((r) => r.dimensions[0].value === null);
      expect(unassigned).toHaveLength(1);
      expect(unassigned[0].dimensions[0].arn).toBeNull();
      expect(values(unassigned[0])[0]).toBeGreaterThan(0);
      // The other rows are the default answer, unchanged.
      expect(withUnassigned.rows.filter((r) => r.dimensions[0].value !== null)).toEqual(byDefault.rows);

      const sums = COUNTS.map((_, i) => withUnassigned.rows.reduce((sum, row) => sum + values(row)[i], 0));
      expect(sums).toEqual(values(ungrouped.rows[0]));
      // Without the unassigned row the queues hold fewer contacts than the total.
      expect(byDefault.rows.reduce((sum, row) => sum + values(row)[0], 0)).toBeLessThan(values(ungrouped.rows[0])[0]);
    });

    it('are left out per interval too (DAY), and explicit false is the default', async () => {
      const explicit = await metrics({ ...request, interval: 'DAY', groupings: [{ key: 'QUEUE' }], includeUnassigned: false });
      const byDefault = await metrics({ ...request, interval: 'DAY', groupings: [{ key: 'QUEUE' }] });
      expect(explicit).toEqual(byDefault);
      expect(byDefault.rows.some((r) => r.dimensions[0].value === null)).toBe(false);
      const withUnassigned = await metrics({ ...request, interval: 'DAY', groupings: [{ key: 'QUEUE' }], includeUnassigned: true });
      expect(new Set(withUnassigned.rows.filter((r) => r.dimensions[0].value === null).map((r) => r.intervalStartLocal))).toEqual(
        new Set(['2026-11-19T00:00:00-05:00', '2026-11-20T00:00:00-05:00']),
      );
    });
  });
});
