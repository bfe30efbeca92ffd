import { Parser } from 'node-sql-parser';
import { inlineTrinoParams } from '../../../../src/history/athena/trino-literal';
import type { QueryEngine, QueryOptions, SqlQuery } from '../../../../src/history/query-engine';
import { historySourcesOf, newestIndexedPartitions, recentUtcDays, WatermarkReader } from '../../../../src/history/readers/watermark.reader';
import { sourceWatermarkQuery } from '../../../../src/history/sql/watermark.sql';
import { ALL_INSTANCES, type Scope } from '../../../../src/history/sql/scope';
import { RECORD_SOURCES } from '../../../../src/domain/records/record-source';
import type { PartitionFileIndex } from '../../../../src/history/files/partition-file-index';

const scoped: Scope = { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc'] };
const days = [
  { year: 2026, month: 11, day: 21 },
  { year: 2026, month: 11, day: 20 },
];
const freshness = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T10:00:00Z') };

describe('sourceWatermarkQuery', () => {
  it('reads only the given partitions of the caller\'s instances, newest partition then newest instant first', () => {
    const q = sourceWatermarkQuery('trino', 'ctr', scoped, days, freshness);
    expect(q.sql).toMatchSnapshot();
    expect(q.params).toEqual([2026, 11, 21, 2026, 11, 20, 'arn:aws:connect:us-east-1:111122223333:instance/abc']);
    expect(q.freshness).toEqual(freshness);
  });

  it.each(RECORD_SOURCES)('parses as Trino for %s, with a partition predicate', (source) => {
    const q = sourceWatermarkQuery('trino', source, scoped, days, freshness);
    expect(q.sql).toMatch(/WHERE \(\(year = \? AND month = \? AND day = \?\)/);
    expect(() => new Parser().parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' })).not.toThrow();
  });
});

describe('historySourcesOf', () => {
  it('names the catalog tables a statement reads, a rollup of a table as its source', () => {
    expect(historySourcesOf('SELECT 1 FROM connect_ctr c JOIN connect_cl l ON TRUE')).toEqual(['ctr', 'cl']);
    expect(historySourcesOf('SELECT * FROM connect_ctr_rollup15 UNION ALL SELECT * FROM connect_ae')).toEqual(['ctr', 'ae']);
    expect(historySourcesOf('SELECT 1 AS ok')).toEqual([]);
    expect(historySourcesOf('SELECT connect_ctrx FROM t')).toEqual([]);
  });
});

describe('recentUtcDays', () => {
  it('is today and the days before it, in UTC', () => {
    expect(recentUtcDays(2, () => new Date('2026-03-01T00:30:00+02:00'))('ctr')).toEqual([
      { year: 2026, month: 2, day: 28 },
      { year: 2026, month: 2, day: 27 },
    ]);
  });
});

describe('newestIndexedPartitions', () => {
  it('is the newest days that have files, up to today, newest first', () => {
    const json = ['2026-11-18', '2026-11-20', '2026-11-19', '2026-11-20', '2026-11-25'].map((d, i) => `/data/ctr/year=${d.slice(0, 4)}/month=${d.slice(5, 7)}/day=${d.slice(8, 10)}/part-${i}`);
    const index = { files: () => ({ json, jsonGzip: [], parquet: ['/data/ctr/year=2026/month=11/day=17/p.parquet'] }) } as unknown as PartitionFileIndex;
    // 2026-11-25 is a future day on this clock: left out.
    expect(newestIndexedPartitions(index, 2, () => new Date('2026-11-21T10:00:00Z'))('ctr')).toEqual([
      { year: 2026, month: 11, day: 20 },
      { year: 2026, month: 11, day: 19 },
    ]);
    expect(newestIndexedPartitions(index, 9, () => new Date('2026-11-21T10:00:00Z'))('ctr')).toHaveLength(4);
  });
});

describe('WatermarkReader', () => {
  const engineAnswering = (rows: Record<string, unknown>[], seen: { query?: SqlQuery; options?: QueryOptions } = {}): QueryEngine => ({
    name: 'athena',
    dialect: 'trino',
    query: async <Row>(query: SqlQuery, options?: QueryOptions) => {
      Object.assign(seen, { query, options });
      return { rows: rows as Row[], stats: { engine: 'athena' as const, engineTimeMs: 1, rowsReturned: rows.length } };
    },
    ping: async () => undefined,
    close: async () => undefined,
  });

  it('maps the row (Athena sends text) and passes the scope for the cache key', async () => {
    const seen: { query?: SqlQuery; options?: QueryOptions } = {};
    const reader = new WatermarkReader(engineAnswering([{ year: '2026', month: '11', day: '1', newest_record_time: '2026-11-01T23:59:58.5+01:00' }], seen), () => days, () => new Date('2026-11-21T10:00:00Z'));
    expect(await reader.read('ctr', scoped)).toEqual({ newestPartition: '2026-11-01', newestRecordTime: new Date('2026-11-01T22:59:58.500Z') });
    expect(seen.options?.scope).toBe(scoped);
    // The range ends now: the result cache keeps it for the short (open-day) TTL.
    expect(seen.query?.freshness).toEqual({ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T10:00:00Z') });
  });

  it('answers null fields when the partitions hold no record, and sends nothing without partitions', async () => {
    expect(await new WatermarkReader(engineAnswering([]), () => days).read('ae', ALL_INSTANCES)).toEqual({ newestPartition: null, newestRecordTime: null });
    const seen: { query?: SqlQuery } = {};
    expect(await new WatermarkReader(engineAnswering([], seen), () => []).read('ae', ALL_INSTANCES)).toEqual({ newestPartition: null, newestRecordTime: null });
    expect(seen.query).toBeUndefined();
  });
});
