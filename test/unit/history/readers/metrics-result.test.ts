import { DEFAULT_METRICS_RANGE_LIMITS, MAX_METRIC_ROWS } from '../../../../src/domain/metrics/metric-limits';
import { planMetricsRequest, type MetricsRequest } from '../../../../src/domain/metrics/metric-request';
import { ALL_INSTANCES } from '../../../../src/history/sql/scope';
import { planFamilyQueries } from '../../../../src/history/readers/metrics-queries';
import { assembleMetricsResult, type MetricsResultRow } from '../../../../src/history/readers/metrics-result';

const request: MetricsRequest = {
  from: new Date('2026-11-20T05:00:00Z'),
  to: new Date('2026-11-20T08:00:00Z'),
  interval: 'HOUR',
  timeZone: 'America/New_York',
  metrics: [
    { name: 'CONTACTS_HANDLED' },
    { name: 'AVG_HANDLE_TIME' },
    { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }, { comparison: 'LTE', seconds: 60 }] },
    { name: 'CONTACTS_QUEUED_BY_ENQUEUE' },
    { name: 'MAX_QUEUED_TIME' },
  ],
};

describe('planFamilyQueries', () => {
  it('runs one query per family, each component once, thresholds kept apart', () => {
    const queries = planFamilyQueries(planMetricsRequest(request, DEFAULT_METRICS_RANGE_LIMITS), 'duckdb', ALL_INSTANCES);
    expect(queries.map((q) => q.family)).toEqual(['ctr:CONTACT_INITIATION', 'ctr:QUEUE_ENQUEUE']);
    expect(queries[0].components).toEqual([
      { name: 'handled' },
      { name: 'handle_time_sum' },
      { name: 'removed_from_queue_in_x', threshold: { comparison: 'LT', seconds: 20 } },
      { name: 'queued' },
      { name: 'removed_from_queue_in_x', threshold: { comparison: 'LTE', seconds: 60 } },
      { name: 'queue_time_max' },
    ]);
    expect(queries[1].components).toEqual([{ name: 'queued' }]);
    expect(queries.map((q) => q.query.id)).toEqual(['metrics_ctr_contact_initiation', 'metrics_ctr_queue_enqueue']);
    // Enqueue attribution reads the day before too (contacts initiated before the range).
    expect(queries[1].query.params.slice(0, 3)).toEqual([2026, 11, 19]);
    expect(queries[0].query.params.slice(0, 3)).toEqual([2026, 11, 20]);
  });

  it('widens the cache freshness of evaluation queries by their 30-day look-ahead', () => {
    const plan = planMetricsRequest({ ...request, metrics: [{ name: 'AVG_EVALUATION_SCORE' }] }, DEFAULT_METRICS_RANGE_LIMITS);
    const [q] = planFamilyQueries(plan, 'trino', ALL_INSTANCES);
    expect(q.query.freshness).toEqual({ from: request.from, to: new Date('2026-12-20T08:00:00Z') });
  });
});

describe('assembleMetricsResult', () => {
  const plan = planMetricsRequest(request, DEFAULT_METRICS_RANGE_LIMITS);
  const families = planFamilyQueries(plan, 'duckdb', ALL_INSTANCES);

  it('gives every interval a row without groupings: counts 0, averages and maxima null', () => {
    const result = assembleMetricsResult(plan, [
      // handled, handle_time_sum, removed<20, queued, removed<=60, queue_time_max (numeric strings as DuckDB returns BIGINT)
      { family: families[0].family, components: families[0].components, rows: [{ bucket_index: 1, c0: '4', c1: '1000', c2: '3', c3: '5', c4: '5', c5: 61 }] },
      { family: families[1].family, components: families[1].components, rows: [] },
    ]);
    expect(result.rows.map((r) => [r.intervalStartLocal, r.intervalEndLocal])).toEqual([
      ['2026-11-20T00:00:00-05:00', '2026-11-20T01:00:00-05:00'],
      ['2026-11-20T01:00:00-05:00', '2026-11-20T02:00:00-05:00'],
      ['2026-11-20T02:00:00-05:00', '2026-11-20T03:00:00-05:00'],
    ]);
    const values = result.rows.map((r) => r.metrics.map((m) => m.value));
    expect(values[0]).toEqual([0, null, null, null, 0, null]);
    expect(values[1]).toEqual([4, 250, 60, 100, 0, 61]);
    expect(result.rows[1].metrics.map((m) => [m.name, m.unit, m.threshold])).toEqual([
      ['CONTACTS_HANDLED', 'COUNT', null],
      ['AVG_HANDLE_TIME', 'SECONDS', null],
      ['SERVICE_LEVEL', 'PERCENT', { comparison: 'LT', seconds: 20 }],
      ['SERVICE_LEVEL', 'PERCENT', { comparison: 'LTE', seconds: 60 }],
      ['CONTACTS_QUEUED_BY_ENQUEUE', 'COUNT', null],
      ['MAX_QUEUED_TIME', 'SECONDS', null],
    ]);
  });

  const groupedRequest: MetricsRequest = {
    ...request,
    groupings: [{ key: 'QUEUE' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' }],
    metrics: [{ name: 'CONTACTS_HANDLED' }, { name: 'CONTACTS_QUEUED_BY_ENQUEUE' }],
  };
  const groupedRow = (bucket: number, queue: string | null, reason: string | null, c0: number) => ({ bucket_index: bucket, d0_value: queue, d0_arn: queue && `arn:${queue}`, d1_value: reason, d1_arn: null, c0 });
  /** The family rows of {@link groupedRequest}: one with neither queue nor reason, one with a queue and no reason. */
  const groupedFamilies = (grouped: ReturnType<typeof planMetricsRequest>) => {
    const [byInitiation, byEnqueue] = planFamilyQueries(grouped, 'duckdb', ALL_INSTANCES);
    return [
      { ...byInitiation, rows: [groupedRow(1, 'Sales', 'New \\"Order\\"', 2), groupedRow(0, null, null, 1), groupedRow(0, 'Billing', 'X', 3)] },
      { ...byEnqueue, rows: [groupedRow(0, 'Billing', 'X', 7), groupedRow(2, 'Sales', null, 1)] },
    ];
  };
  const summary = (rows: readonly MetricsResultRow[]) => rows.map((r) => [r.intervalStart.toISOString().slice(11, 16), ...r.dimensions.map((d) => d.value), ...r.metrics.map((m) => m.value)]);

  it('leaves out rows where a grouping has no value unless includeUnassigned is set', () => {
    for (const includeUnassigned of [undefined, null, false]) {
      const grouped = planMetricsRequest({ ...groupedRequest, includeUnassigned }, DEFAULT_METRICS_RANGE_LIMITS);
      expect(grouped.includeUnassigned).toBe(false);
      expect(summary(assembleMetricsResult(grouped, groupedFamilies(grouped)).rows)).toEqual([
        ['05:00', 'Billing', 'X', 3, 7],
        ['06:00', 'Sales', 'New "Order"', 2, 0],
      ]);
    }
  });

  it('keeps a row whose value is null but whose ARN is known (a resource without a name is not unassigned)', () => {
    const grouped = planMetricsRequest({ ...request, groupings: [{ key: 'QUEUE' }], metrics: [{ name: 'CONTACTS_HANDLED' }] }, DEFAULT_METRICS_RANGE_LIMITS);
    const [family] = planFamilyQueries(grouped, 'duckdb', ALL_INSTANCES);
    const result = assembleMetricsResult(grouped, [{ ...family, rows: [{ bucket_index: 0, d0_value: null, d0_arn: 'arn:q', c0: 2 }, { bucket_index: 0, d0_value: null, d0_arn: null, c0: 5 }] }]);
    expect(result.rows.map((r) => [r.dimensions[0].arn, r.metrics[0].value])).toEqual([['arn:q', 2]]);
  });

  it('merges families by interval and dimensions, orders by interval then values (nulls last), unescapes attribute values', () => {
    const grouped = planMetricsRequest({ ...groupedRequest, includeUnassigned: true }, DEFAULT_METRICS_RANGE_LIMITS);
    const result = assembleMetricsResult(grouped, groupedFamilies(grouped));
    expect(summary(result.rows)).toEqual([
      ['05:00', 'Billing', 'X', 3, 7],
      ['05:00', null, null, 1, 0],
      ['06:00', 'Sales', 'New "Order"', 2, 0],
      ['07:00', 'Sales', null, 0, 1],
    ]);
    expect(result.rows[0].dimensions).toEqual([
      { key: 'QUEUE', attributeKey: null, value: 'Billing', arn: 'arn:Billing' },
      { key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason', value: 'X', arn: null },
    ]);
  });

  it(`refuses answers of more than ${MAX_METRIC_ROWS} rows`, () => {
    const grouped = planMetricsRequest({ ...request, groupings: [{ key: 'AGENT' }], metrics: [{ name: 'CONTACTS_HANDLED' }] }, DEFAULT_METRICS_RANGE_LIMITS);
    const [family] = planFamilyQueries(grouped, 'duckdb', ALL_INSTANCES);
    const rows = Array.from({ length: MAX_METRIC_ROWS + 1 }, (_, i) => ({ bucket_index: 0, d0_value: `agent${i}`, d0_arn: null, c0: 1 }));
    expect(() => assembleMetricsResult(grouped, [{ ...family, rows }])).toThrow(/would hold 50001 rows; at most 50000/);
  });

  it('does not count left-out unassigned rows toward the row limit', () => {
    const grouped = planMetricsRequest({ ...request, groupings: [{ key: 'AGENT' }], metrics: [{ name: 'CONTACTS_HANDLED' }] }, DEFAULT_METRICS_RANGE_LIMITS);
    const [family] = planFamilyQueries(grouped, 'duckdb', ALL_INSTANCES);
    const assigned = Array.from({ length: MAX_METRIC_ROWS }, (_, i) => ({ bucket_index: 0, d0_value: `agent${i}`, d0_arn: null, c0: 1 }));
    const unassigned = [0, 1, 2].map((bucket_index) => ({ bucket_index, d0_value: null, d0_arn: null, c0: 1 }));
    expect(assembleMetricsResult(grouped, [{ ...family, rows: [...assigned, ...unassigned] }]).rows).toHaveLength(MAX_METRIC_ROWS);
    const including = planMetricsRequest({ ...request, groupings: [{ key: 'AGENT' }], metrics: [{ name: 'CONTACTS_HANDLED' }], includeUnassigned: true }, DEFAULT_METRICS_RANGE_LIMITS);
    expect(() => assembleMetricsResult(including, [{ ...family, rows: [...assigned, ...unassigned] }])).toThrow(/would hold 50003 rows; at most 50000/);
  });

  it('answers the widened range as from/to and whole intervals for a mid-hour request', () => {
    const plan = planMetricsRequest({ ...request, from: new Date('2026-11-20T05:20:00Z'), to: new Date('2026-11-20T07:10:00Z'), metrics: [{ name: 'CONTACTS_HANDLED' }] }, DEFAULT_METRICS_RANGE_LIMITS);
    const [family] = planFamilyQueries(plan, 'duckdb', ALL_INSTANCES);
    const result = assembleMetricsResult(plan, [{ ...family, rows: [] }]);
    expect([result.from, result.to]).toEqual([new Date('2026-11-20T05:00:00Z'), new Date('2026-11-20T08:00:00Z')]);
    expect(result.rows.map((r) => [r.intervalStartLocal, r.intervalEndLocal])).toEqual([
      ['2026-11-20T00:00:00-05:00', '2026-11-20T01:00:00-05:00'],
      ['2026-11-20T01:00:00-05:00', '2026-11-20T02:00:00-05:00'],
      ['2026-11-20T02:00:00-05:00', '2026-11-20T03:00:00-05:00'],
    ]);
  });
});
