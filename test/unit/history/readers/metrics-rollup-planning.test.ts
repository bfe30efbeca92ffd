import type { DayPartition } from '../../../../src/domain/time-range';
import { planMetricsRequest, type MetricsRequest } from '../../../../src/domain/metrics/metric-request';
import { RequestStats } from '../../../../src/domain/request-stats';
import type { QueryEngine, SqlQuery } from '../../../../src/history/query-engine';
import { MetricsReader } from '../../../../src/history/readers/metrics.reader';
import { planFamilyQueries, rollupCandidateDays } from '../../../../src/history/readers/metrics-queries';
import type { RollupAvailability } from '../../../../src/history/rollups/rollup-availability';
import { ALL_INSTANCES } from '../../../../src/history/sql/scope';

const limits = { maxMetricsRangeDaysIntraday: 3, maxMetricsRangeDays: 35 };
/** Local days 2026-03-06 … 2026-03-09 in New York (the 8th is the spring change). */
const request: MetricsRequest = {
  from: new Date('2026-03-06T05:00:00Z'),
  to: new Date('2026-03-10T04:00:00Z'),
  timeZone: 'America/New_York',
  interval: 'DAY',
  groupings: [{ key: 'QUEUE' }],
  metrics: [{ name: 'CONTACTS_CREATED' }, { name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 20 }] }, { name: 'CONTACTS_QUEUED_BY_ENQUEUE' }],
};
const plan = planMetricsRequest(request, limits);
const keys = (days: readonly DayPartition[]) => days.map((d) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`).sort();

describe('planning contact-record metrics over rollups and records', () => {
  it('asks about the closed CTR days of the families the rollup can answer (a later attribution reads the day before too)', () => {
    expect(keys(rollupCandidateDays(plan, Date.parse('2027-01-01T00:00:00Z')))).toEqual(['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    // On the 10th at noon, the 9th ended less than a day ago and the 10th is today.
    expect(keys(rollupCandidateDays(plan, Date.parse('2026-03-10T12:00:00Z')))).toEqual(['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(rollupCandidateDays({ ...plan, groupings: [{ key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' }] }, Date.parse('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('reads the given days from the rollup and the others raw, per family, and exactly as before without rollup days', () => {
    const rollupDays = new Set(['2026-03-06', '2026-03-07', '2026-03-08']);
    const queries = planFamilyQueries(plan, 'duckdb', ALL_INSTANCES, rollupDays);
    expect(queries.map((q) => [q.family, q.query.id, q.partitionDays])).toEqual([
      ['ctr:CONTACT_INITIATION', 'metrics_ctr_contact_initiation_rollup', { rollup: ['2026-03-06', '2026-03-07', '2026-03-08'], raw: ['2026-03-09', '2026-03-10'] }],
      ['ctr:QUEUE_ENQUEUE', 'metrics_ctr_queue_enqueue_rollup', { rollup: ['2026-03-06', '2026-03-07', '2026-03-08'], raw: ['2026-03-05', '2026-03-09', '2026-03-10'] }],
    ]);
    const before = planFamilyQueries(plan, 'duckdb', ALL_INSTANCES);
    expect(before.map((q) => q.query.id)).toEqual(['metrics_ctr_contact_initiation', 'metrics_ctr_queue_enqueue']);
    expect(before[0].query.sql).not.toContain('connect_ctr_rollup15');
  });

  it('reads raw when a threshold is not rolled up, whatever days are clean', () => {
    const odd = planMetricsRequest({ ...request, metrics: [{ name: 'SERVICE_LEVEL', thresholds: [{ comparison: 'LT', seconds: 25 }] }] }, limits);
    const [q] = planFamilyQueries(odd, 'duckdb', ALL_INSTANCES, new Set(['2026-03-06']));
    expect(q.partitionDays?.rollup).toEqual([]);
    expect(q.query.sql).not.toContain('connect_ctr_rollup15');
  });
});

describe('MetricsReader with rollups', () => {
  const engine = (statements: SqlQuery[]): QueryEngine => ({
    name: 'duckdb',
    dialect: 'duckdb',
    query: <Row>(q: SqlQuery) => {
      statements.push(q);
      return Promise.resolve({ rows: [] as Row[], stats: { engine: 'duckdb' as const, engineTimeMs: 1, rowsReturned: 0 } });
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  });

  it('asks the availability only about closed days, uses only the clean ones it asked about, and records both lists in the stats', async () => {
    const asked: string[][] = [];
    const rollups: RollupAvailability = {
      cleanDays: (days) => {
        asked.push(keys(days));
        return Promise.resolve(new Set(['2026-03-07', '2026-03-08', '2026-03-09']));
      },
    };
    const statements: SqlQuery[] = [];
    const stats = new RequestStats();
    await new MetricsReader(engine(statements), stats, { rollups, nowMs: () => Date.parse('2026-03-10T12:00:00Z') }).read(ALL_INSTANCES, plan);
    expect(asked).toEqual([['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']]);
    expect(stats.snapshot().ctrPartitionDays).toEqual({ rollup: ['2026-03-07', '2026-03-08'], raw: ['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10'] });
    expect(statements.map((s) => s.id)).toEqual(['metrics_ctr_contact_initiation_rollup', 'metrics_ctr_queue_enqueue_rollup']);
  });

  it('does not ask when nothing could come from the rollup, and reads raw by default', async () => {
    const rollups: RollupAvailability = { cleanDays: () => Promise.reject(new Error('must not be asked')) };
    const statements: SqlQuery[] = [];
    await new MetricsReader(engine(statements), new RequestStats(), { rollups, nowMs: () => Date.parse('2026-03-06T12:00:00Z') }).read(ALL_INSTANCES, plan);
    const stats = new RequestStats();
    await new MetricsReader(engine(statements), stats).read(ALL_INSTANCES, plan);
    expect(statements.map((s) => s.id)).toEqual(['metrics_ctr_contact_initiation', 'metrics_ctr_queue_enqueue', 'metrics_ctr_contact_initiation', 'metrics_ctr_queue_enqueue']);
    expect(stats.snapshot().ctrPartitionDays?.rollup).toEqual([]);
  });
});
