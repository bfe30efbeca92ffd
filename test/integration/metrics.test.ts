import { deriveActivity, statusTypeOf } from '../../src/domain/agent-state.reducer';
import { localDaysToRange } from '../../src/domain/partition-planner';
import { latestCtrPerContact, type AgentEventRecord, type CtrRecord, type ContactLensRow, type EvaluationRow } from '../../src/domain/records';
import { postQuery } from '../helpers/graphql-client';
import { readRaw } from '../helpers/raw-records';
import { startTestServer, type TestServer } from '../helpers/test-server';

const TIME_ZONE = 'America/New_York';
const DAYS = ['2026-11-19', '2026-11-20'];
const RANGE = localDaysToRange({ year: 2026, month: 11, day: 19 }, { year: 2026, month: 11, day: 20 }, TIME_ZONE);

const METRICS_QUERY = `query Metrics($input: MetricsInput!) {
  metrics(input: $input) {
    interval timeZone from to
    rows {
      intervalStart intervalEnd intervalStartLocal intervalEndLocal
      dimensions { key attributeKey value arn }
      metrics { name unit value threshold { comparison seconds } }
    }
  }
}`;

interface ApiRow {
  intervalStart: string;
  intervalEnd: string;
  intervalStartLocal: string;
  intervalEndLocal: string;
  dimensions: { key: string; attributeKey: string | null; value: string | null; arn: string | null }[];
  metrics: { name: string; unit: string; value: number | null; threshold: { comparison: string; seconds: number } | null }[];
}
interface MetricsData {
  metrics: { interval: string; timeZone: string; from: string; to: string; rows: ApiRow[] };
}

/** The local calendar day of an instant, by Intl (independent of the API's bucketing). */
const localDay = (instant: string | number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));

const inRange = (instant: string): boolean => {
  const ms = Date.parse(instant);
  return ms >= RANGE.from.getTime() && ms < RANGE.to.getTime();
};

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Values grouped by a key, in insertion order. */
function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

const valueOf = (row: ApiRow, name: string, seconds?: number): number | null | undefined =>
  row.metrics.find((m) => m.name === name && (seconds === undefined || m.threshold?.seconds === seconds))?.value;

describe('Query.metrics over the shared generated data', () => {
  let server: TestServer;
  let contacts: CtrRecord[];

  beforeAll(async () => {
    server = await startTestServer();
    contacts = [...latestCtrPerContact(readRaw<CtrRecord>(server.dataDir, 'ctr')).values()];
  });
  afterAll(async () => {
    await server?.stop();
  });

  const metrics = async (input: Record<string, unknown>) => postQuery<MetricsData>(server.url, METRICS_QUERY, { input });

  describe('agrees with an independent computation from the raw records (by QUEUE and DAY in New York time)', () => {
    let rows: ApiRow[];
    /** `day|queue` → the de-duplicated contacts initiated that local day in that queue. */
    let byDayAndQueue: Map<string, CtrRecord[]>;
    const key = (day: string, queue: string | null | undefined) => `${day}|${queue ?? ''}`;
    const rowKey = (row: ApiRow) => key(row.intervalStartLocal.slice(0, 10), row.dimensions[0].value);

    beforeAll(async () => {
      const { status, body } = await metrics({
        from: RANGE.from.toISOString(),
        to: RANGE.to.toISOString(),
        interval: 'DAY',
        timeZone: TIME_ZONE,
        groupings: [{ key: 'QUEUE' }],
        // The independent side groups every contact, those that never queued under '' (the null queue).
        includeUnassigned: true,
        metrics: [
          { name: 'CONTACTS_HANDLED' },
          { name: 'CONTACTS_ABANDONED' },
          { name: 'AVG_HANDLE_TIME' },
          { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LT', seconds: 60 }] },
          { name: 'SUM_CONTACTS_ABANDONED_IN_X', thresholds: [{ comparison: 'LT', seconds: 12 }] },
          { name: 'AVG_SENTIMENT_CUSTOMER' },
          { name: 'AVG_SENTIMENT_AGENT' },
          { name: 'AVG_EVALUATION_SCORE' },
        ],
      });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      rows = body.data!.metrics.rows;
      byDayAndQueue = groupBy(
        contacts.filter((c) => inRange(c.InitiationTimestamp)),
        (c) => key(localDay(c.InitiationTimestamp), c.Queue?.Name),
      );
    });

    it('has one row per local day and queue with contacts, each with its interval', () => {
      expect(rows.map(rowKey).sort()).toEqual([...byDayAndQueue.keys()].sort());
      for (const row of rows) {
        const day = row.intervalStartLocal.slice(0, 10);
        expect(DAYS).toContain(day);
        const expected = localDaysToRange(
          { year: 2026, month: 11, day: Number(day.slice(8)) },
          { year: 2026, month: 11, day: Number(day.slice(8)) },
          TIME_ZONE,
        );
        expect([row.intervalStart, row.intervalEnd]).toEqual([expected.from.toISOString(), expected.to.toISOString()]);
        expect(row.intervalStartLocal).toBe(`${day}T00:00:00-05:00`);
      }
    });

    it('counts CONTACTS_HANDLED and CONTACTS_ABANDONED, and averages AVG_HANDLE_TIME', () => {
      for (const row of rows) {
        const group = byDayAndQueue.get(rowKey(row)) ?? [];
        const handled = group.filter((c) => c.Agent?.ConnectedToAgentTimestamp);
        const abandoned = group.filter((c) => c.Queue?.EnqueueTimestamp && !c.Agent && !c.NextContactId && c.DisconnectReason !== 'EXPIRED');
        expect([rowKey(row), valueOf(row, 'CONTACTS_HANDLED')]).toEqual([rowKey(row), handled.length]);
        expect([rowKey(row), valueOf(row, 'CONTACTS_ABANDONED')]).toEqual([rowKey(row), abandoned.length]);
        const aht = mean(handled.map((c) => (c.Agent?.AgentInteractionDuration ?? 0) + (c.Agent?.CustomerHoldDuration ?? 0) + (c.Agent?.AfterContactWorkDuration ?? 0)));
        if (aht === null) expect(valueOf(row, 'AVG_HANDLE_TIME')).toBeNull();
        else expect(valueOf(row, 'AVG_HANDLE_TIME')).toBeCloseTo(aht, 9);
      }
      expect(rows.some((r) => (valueOf(r, 'CONTACTS_ABANDONED') ?? 0) > 0)).toBe(true);
    });

    it('computes SERVICE_LEVEL at 20 and 60 seconds and SUM_CONTACTS_ABANDONED_IN_X at 12 seconds', () => {
      for (const row of rows) {
        const group = byDayAndQueue.get(rowKey(row)) ?? [];
        const queued = group.filter((c) => c.Queue?.EnqueueTimestamp);
        for (const seconds of [20, 60]) {
          const within = queued.filter((c) => c.Queue?.Duration !== null && c.Queue?.Duration !== undefined && c.Queue.Duration < seconds).length;
          const expected = queued.length === 0 ? null : (within / queued.length) * 100;
          if (expected === null) expect(valueOf(row, 'SERVICE_LEVEL', seconds)).toBeNull();
          else expect(valueOf(row, 'SERVICE_LEVEL', seconds)).toBeCloseTo(expected, 9);
        }
        const shortAbandons = queued.filter((c) => !c.Agent && !c.NextContactId && c.DisconnectReason !== 'EXPIRED' && (c.Queue?.Duration ?? Infinity) < 12).length;
        expect(valueOf(row, 'SUM_CONTACTS_ABANDONED_IN_X', 12)).toBe(shortAbandons);
      }
      const sl20 = rows.map((r) => valueOf(r, 'SERVICE_LEVEL', 20)).filter((v): v is number => typeof v === 'number');
      expect(sl20.some((v) => v > 0 && v < 100)).toBe(true);
    });

    it('averages Contact Lens sentiment of the contacts, joined by contact id (recorded up to a day later)', () => {
      const analyses = new Map<string, ContactLensRow>();
      for (const row of readRaw<ContactLensRow>(server.dataDir, 'cl')) {
        const kept = analyses.get(row.contactId);
        if (!kept || row.recordingTimestamp > kept.recordingTimestamp) analyses.set(row.contactId, row);
      }
      let checked = 0;
      for (const row of rows) {
        const analysed = (byDayAndQueue.get(rowKey(row)) ?? []).map((c) => analyses.get(c.ContactId)).filter((a): a is ContactLensRow => a !== undefined);
        for (const [metric, field] of [
          ['AVG_SENTIMENT_CUSTOMER', 'overallSentimentCustomer'],
          ['AVG_SENTIMENT_AGENT', 'overallSentimentAgent'],
        ] as const) {
          const expected = mean(analysed.map((a) => a[field]).filter((v): v is number => typeof v === 'number'));
          if (expected === null) expect(valueOf(row, metric)).toBeNull();
          else {
            expect(valueOf(row, metric)).toBeCloseTo(expected, 9);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(4);
    });

    it('averages evaluation scores of the contacts (a null total score counting as 0 %), evaluations submitted days later', () => {
      const evaluations = new Map<string, EvaluationRow>();
      for (const e of readRaw<EvaluationRow>(server.dataDir, 'ef')) {
        const kept = evaluations.get(e.evaluationId);
        if (!kept || e.evaluationSubmitTimestamp > kept.evaluationSubmitTimestamp) evaluations.set(e.evaluationId, e);
      }
      const byContact = groupBy(evaluations.values(), (e) => e.contactId);
      let checked = 0;
      for (const row of rows) {
        const scores = (byDayAndQueue.get(rowKey(row)) ?? []).flatMap((c) => (byContact.get(c.ContactId) ?? []).map((e) => e.evaluationFormTotalScorePercentage ?? 0));
        const expected = mean(scores);
        if (expected === null) expect(valueOf(row, 'AVG_EVALUATION_SCORE')).toBeNull();
        else {
          expect(valueOf(row, 'AVG_EVALUATION_SCORE')).toBeCloseTo(expected, 6);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  });

  it('computes AGENT_OCCUPANCY by AGENT and DAY from agent status intervals split at local midnight', async () => {
    const { body } = await metrics({
      from: RANGE.from.toISOString(),
      to: RANGE.to.toISOString(),
      interval: 'DAY',
      timeZone: TIME_ZONE,
      groupings: [{ key: 'AGENT' }],
      metrics: [{ name: 'AGENT_OCCUPANCY' }, { name: 'SUM_CONTACT_TIME_AGENT' }, { name: 'SUM_IDLE_TIME_AGENT' }],
    });
    expect(body.errors).toBeUndefined();

    // Independent: de-duplicate by EventId, order per agent, classify each state as live state does, split at local midnight.
    const events = [...new Map(readRaw<AgentEventRecord>(server.dataDir, 'ae').map((e) => [e.EventId, e])).values()];
    const dayRanges = DAYS.map((d) => ({ day: d, ...localDaysToRange({ year: 2026, month: 11, day: Number(d.slice(8)) }, { year: 2026, month: 11, day: Number(d.slice(8)) }, TIME_ZONE) }));
    const totals = new Map<string, { onContactMs: number; idleMs: number }>();
    for (const [agentArn, list] of groupBy(events, (e) => e.AgentARN)) {
      list.sort((a, b) => Date.parse(a.EventTimestamp) - Date.parse(b.EventTimestamp) || (a.EventId < b.EventId ? -1 : a.EventId > b.EventId ? 1 : 0));
      list.forEach((event, i) => {
        const start = Date.parse(event.EventTimestamp);
        const end = i + 1 < list.length ? Date.parse(list[i + 1].EventTimestamp) : start + 120_000;
        const status = event.CurrentAgentSnapshot.AgentStatus;
        const type = statusTypeOf(status);
        const routable = event.EventType !== 'LOGOUT' && type === 'ROUTABLE' && status.Name !== 'Offline';
        if (!routable) return;
        const activity = deriveActivity(
          { name: status.Name, type, since: status.StartTimestamp },
          event.CurrentAgentSnapshot.Contacts.map((c) => ({ state: c.State, stateSince: c.StateStartTimestamp })),
        );
        for (const d of dayRanges) {
          const overlap = Math.min(end, d.to.getTime()) - Math.max(start, d.from.getTime());
          if (overlap <= 0) continue;
          const t = totals.get(`${d.day}|${agentArn}`) ?? { onContactMs: 0, idleMs: 0 };
          if (['ON_CONTACT', 'ON_HOLD', 'AFTER_CONTACT_WORK'].includes(activity)) t.onContactMs += overlap;
          if (['AVAILABLE', 'MISSED'].includes(activity)) t.idleMs += overlap;
          totals.set(`${d.day}|${agentArn}`, t);
        }
      });
    }

    const rows = body.data!.metrics.rows;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      const t = totals.get(`${row.intervalStartLocal.slice(0, 10)}|${row.dimensions[0].arn}`) ?? { onContactMs: 0, idleMs: 0 };
      expect(valueOf(row, 'SUM_CONTACT_TIME_AGENT')).toBeCloseTo(t.onContactMs / 1000, 6);
      expect(valueOf(row, 'SUM_IDLE_TIME_AGENT')).toBeCloseTo(t.idleMs / 1000, 6);
      const occupancy = t.onContactMs + t.idleMs === 0 ? null : (t.onContactMs / (t.onContactMs + t.idleMs)) * 100;
      if (occupancy === null) expect(valueOf(row, 'AGENT_OCCUPANCY')).toBeNull();
      else expect(valueOf(row, 'AGENT_OCCUPANCY')).toBeCloseTo(occupancy, 9);
    }
    const withTime = [...totals.entries()].filter(([, t]) => t.onContactMs + t.idleMs > 0).map(([k]) => k);
    expect(rows.map((r) => `${r.intervalStartLocal.slice(0, 10)}|${r.dimensions[0].arn}`)).toEqual(expect.arrayContaining(withTime));
  });

  describe('over HTTP', () => {
    it('answers 2 groupings and 3 metrics, SERVICE_LEVEL with two thresholds, with stats', async () => {
      const { status, body } = await metrics({
        from: '2026-11-20T00:00:00-05:00',
        to: '2026-11-20T12:00:00-05:00',
        interval: 'HOUR',
        timeZone: TIME_ZONE,
        groupings: [{ key: 'CHANNEL' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' }],
        filters: [{ key: 'CHANNEL', values: ['VOICE'] }],
        metrics: [
          { name: 'CONTACTS_QUEUED' },
          { name: 'AVG_QUEUE_ANSWER_TIME' },
          { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LTE', seconds: 60 }] },
        ],
      });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const result = body.data!.metrics;
      expect(result).toMatchObject({ interval: 'HOUR', timeZone: TIME_ZONE, from: '2026-11-20T05:00:00.000Z', to: '2026-11-20T17:00:00.000Z' });
      expect(result.rows.length).toBeGreaterThan(5);
      for (const row of result.rows) {
        expect(Date.parse(row.intervalEnd) - Date.parse(row.intervalStart)).toBe(3_600_000);
        expect(row.intervalStartLocal).toMatch(/^2026-11-20T\d{2}:00:00-05:00$/);
        expect(row.dimensions.map((d) => [d.key, d.attributeKey])).toEqual([
          ['CHANNEL', null],
          ['CONTACT_ATTRIBUTE', 'CallReason'],
        ]);
        expect(row.dimensions[0].value).toBe('VOICE');
        expect(row.metrics.map((m) => [m.name, m.unit, m.threshold])).toEqual([
          ['CONTACTS_QUEUED', 'COUNT', null],
          ['AVG_QUEUE_ANSWER_TIME', 'SECONDS', null],
          ['SERVICE_LEVEL', 'PERCENT', { comparison: 'LT', seconds: 20 }],
          ['SERVICE_LEVEL', 'PERCENT', { comparison: 'LTE', seconds: 60 }],
        ]);
        const [, , sl20, sl60] = row.metrics.map((m) => m.value);
        if (sl20 !== null && sl60 !== null) expect(sl60).toBeGreaterThanOrEqual(sl20);
      }
      expect(result.rows.map((r) => r.dimensions[1].value)).toEqual(expect.arrayContaining(['NewOrder', 'NoSelection']));
      expect(body.extensions?.stats?.backendCalls).toEqual({ duckdb: 1 });
    });

    it('lists the catalog in metricDefinitions', async () => {
      const { body } = await postQuery<{ metricDefinitions: { name: string; unit: string; source: string; allowedGroupings: string[]; thresholdRequired: boolean }[] }>(
        server.url,
        '{ metricDefinitions { name unit source allowedGroupings thresholdRequired } }',
      );
      expect(body.errors).toBeUndefined();
      const definitions = body.data!.metricDefinitions;
      expect(definitions.length).toBeGreaterThanOrEqual(30);
      expect(definitions.find((d) => d.name === 'SERVICE_LEVEL')).toMatchObject({ unit: 'PERCENT', source: 'CONTACT_RECORDS', thresholdRequired: true });
      expect(definitions.find((d) => d.name === 'AGENT_OCCUPANCY')?.allowedGroupings).not.toContain('QUEUE');
    });

    it.each<[string, string, Record<string, unknown>, RegExp]>([
      ['a grouping the metric does not allow', 'BAD_USER_INPUT', { groupings: [{ key: 'QUEUE' }], metrics: [{ name: 'AGENT_OCCUPANCY' }] }, /AGENT_OCCUPANCY cannot be grouped by QUEUE; it allows ROUTING_PROFILE, AGENT/],
      ['an unknown time zone', 'BAD_USER_INPUT', { timeZone: 'Europe/Atlantis', metrics: [{ name: 'CONTACTS_HANDLED' }] }, /'Europe\/Atlantis' is not an IANA time zone/],
      ['SERVICE_LEVEL without threshold', 'BAD_USER_INPUT', { metrics: [{ name: 'SERVICE_LEVEL' }] }, /SERVICE_LEVEL needs at least one threshold/],
      ['4 days at HOUR', 'RANGE_TOO_LARGE', { interval: 'HOUR', to: '2026-11-23T00:00:00Z', metrics: [{ name: 'CONTACTS_HANDLED' }] }, /with interval HOUR at most 3 days/],
      ['36 days at DAY', 'RANGE_TOO_LARGE', { interval: 'DAY', to: '2026-12-25T00:00:00Z', metrics: [{ name: 'CONTACTS_HANDLED' }] }, /with interval DAY at most 35 days/],
    ])('rejects %s with %s', async (_name, code, overrides, message) => {
      const { status, body } = await metrics({ from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z', interval: 'DAY', timeZone: 'UTC', ...overrides });
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].extensions?.code).toBe(code);
      expect(body.errors![0].message).toMatch(message);
      if (code === 'RANGE_TOO_LARGE') expect(body.errors![0].extensions?.maxDays).toBe(overrides.interval === 'HOUR' ? 3 : 35);
    });

    it('refuses a metric name that is not in the catalog while reading the variables (BAD_USER_INPUT)', async () => {
      const { body } = await metrics({ from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z', metrics: [{ name: 'HAPPINESS' }] });
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0].message).toContain('Value "HAPPINESS" does not exist in "MetricName" enum');
    });
  });

  it('follows MAX_METRICS_RANGE_DAYS_INTRADAY and MAX_METRICS_RANGE_DAYS from the configuration', async () => {
    const narrow = await startTestServer({ MAX_METRICS_RANGE_DAYS_INTRADAY: '1', MAX_METRICS_RANGE_DAYS: '2' });
    try {
      const ask = (interval: string, to: string) =>
        postQuery<MetricsData>(narrow.url, METRICS_QUERY, { input: { from: '2026-11-19T00:00:00Z', to, interval, metrics: [{ name: 'CONTACTS_CREATED' }] } });
      expect((await ask('HOUR', '2026-11-20T00:00:00Z')).body.errors).toBeUndefined();
      expect((await ask('HOUR', '2026-11-20T01:00:00Z')).body.errors?.[0].extensions).toMatchObject({ code: 'RANGE_TOO_LARGE', maxDays: 1 });
      expect((await ask('TOTAL', '2026-11-22T00:00:00Z')).body.errors?.[0].extensions).toMatchObject({ code: 'RANGE_TOO_LARGE', maxDays: 2 });
    } finally {
      await narrow.stop();
    }
  });
});
