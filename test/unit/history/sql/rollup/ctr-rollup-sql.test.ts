import { Parser } from 'node-sql-parser';
import { ROLLUP_DIMENSION_KEYS, rollupThresholdColumns, ROLLUP_PLAIN_COMPONENTS } from '../../../../../src/domain/metrics/metric-rollup';
import { inlineTrinoParams } from '../../../../../src/history/athena/trino-literal';
import { ctrRollupTable, rollupCatalog, toDuckDbType, toGlueType } from '../../../../../src/history/catalog';
import { ctrRollupColumnNames, ctrRollupDayQuery } from '../../../../../src/history/sql/rollup/ctr-rollup.sql';
import { ctrMetricsWithRollupQuery } from '../../../../../src/history/sql/rollup/ctr-rollup-read.sql';
import { CONTACT_DIMENSIONS } from '../../../../../src/history/sql/metrics/metric-sql';

const day = { year: 2026, month: 3, day: 8 };

describe('connect_ctr_rollup15 in the catalog', () => {
  it('is a flat Parquet table partitioned like the CTRs, under rollups/ctr', () => {
    expect(rollupCatalog).toEqual([ctrRollupTable]);
    expect(ctrRollupTable).toMatchObject({ kind: 'flat-parquet', name: 'connect_ctr_rollup15', folder: 'rollups/ctr', partitionedLike: 'ctr' });
  });

  it('has the bucket, the attribution, ten dimension columns, every additive component and 54 threshold columns, all scalar', () => {
    const names = ctrRollupTable.columns.map((c) => c.name);
    expect(names.slice(0, 2)).toEqual(['bucket_start_epoch_seconds', 'attribution']);
    expect(names).toHaveLength(2 + 10 + ROLLUP_PLAIN_COMPONENTS.length + 54);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining([...ROLLUP_PLAIN_COMPONENTS, ...rollupThresholdColumns().map((c) => c.column)]));
    for (const c of ctrRollupTable.columns) {
      expect(c.name).toMatch(/^[a-z0-9_]+$/);
      expect(['string', 'bigint']).toContain(toGlueType(c.type));
      expect(['VARCHAR', 'BIGINT']).toContain(toDuckDbType(c.type));
      expect(c.description.length).toBeGreaterThan(10);
    }
  });

  it('keeps every rollup grouping key as the column the contacts relation names it by', () => {
    for (const key of ROLLUP_DIMENSION_KEYS) {
      const column = CONTACT_DIMENSIONS.keys[key]!;
      expect(ctrRollupTable.columns.map((c) => c.name)).toEqual(expect.arrayContaining([column.value, ...(column.arn ? [column.arn] : [])]));
    }
  });
});

describe('ctrRollupDayQuery', () => {
  it('pins the DuckDB statement: one partition, every value bound', () => {
    const q = ctrRollupDayQuery({ dialect: 'duckdb', day });
    expect(q.params).toEqual([2026, 3, 8, 'CONTACT_INITIATION', 'QUEUE_ENQUEUE', 'AGENT_CONNECTED', ...Array(54).fill(0).map((_, i) => [15, 20, 30, 45, 60, 90, 120, 180, 300][i % 9])]);
    expect(q.sql).toMatchSnapshot();
  });

  it('appends the bound partition columns for INSERT INTO when asked', () => {
    const q = ctrRollupDayQuery({ dialect: 'trino', day, withPartitionColumns: true });
    expect(q.params.slice(-3)).toEqual([2026, 3, 8]);
    expect(q.sql).toMatch(/\? AS year,\n {2}\? AS month,\n {2}\? AS day\nFROM attributed/);
    expect(ctrRollupColumnNames(true)).toEqual([...ctrRollupTable.columns.map((c) => c.name), 'year', 'month', 'day']);
  });

  it('emits Trino that parses as Athena SQL', () => {
    const q = ctrRollupDayQuery({ dialect: 'trino', day, withPartitionColumns: true });
    expect(q.sql).toContain('to_unixtime(from_iso8601_timestamp(initiation_timestamp))');
    const { ast, tableList } = new Parser().parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' });
    expect((Array.isArray(ast) ? ast[0] : ast).type).toBe('select');
    expect(tableList).toContain('select::null::connect_ctr');
  });
});

describe('ctrMetricsWithRollupQuery', () => {
  const buckets = [
    { index: 0, start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') },
    { index: 1, start: new Date('2026-03-09T04:00:00Z'), end: new Date('2026-03-10T04:00:00Z') },
  ];
  const request = (dialect: 'duckdb' | 'trino', raw: typeof days, rollup: typeof days) =>
    ctrMetricsWithRollupQuery({
      dialect,
      scope: { kind: 'instances', instanceArns: ['arn:aws:connect:us-east-1:111122223333:instance/abc'] },
      buckets,
      groupings: [{ key: 'QUEUE' }, { key: 'CHANNEL' }],
      filters: [{ key: 'AGENT', values: ["o'brien"] }],
      components: [{ name: 'contacts' }, { name: 'queue_time_max' }, { name: 'answered_in_x', threshold: { comparison: 'LTE', seconds: 20 } }],
      freshness: { from: buckets[0].start, to: buckets[1].end },
      attribution: 'QUEUE_ENQUEUE',
      contactPartitions: raw,
      rollupPartitions: rollup,
    });
  const days = [
    { year: 2026, month: 3, day: 7 },
    { year: 2026, month: 3, day: 8 },
    { year: 2026, month: 3, day: 9 },
  ];

  it('pins the mixed DuckDB statement: raw part, rollup part (epoch-second buckets, attribution, scope, filters bound), combined by sum and max', () => {
    const q = request('duckdb', days.slice(2), days.slice(0, 2));
    expect(q.id).toBe('metrics_ctr_queue_enqueue_rollup');
    expect(q.sql).toMatchSnapshot();
    expect(q.params).toEqual(expect.arrayContaining([1772946000, 1773028800, 1773115200, 'QUEUE_ENQUEUE', "o'brien", 'arn:aws:connect:us-east-1:111122223333:instance/abc']));
    expect(q.sql).toContain('max(c1) AS c1');
    expect(q.sql).toContain('sum(answered_in_x_lte_20) AS c2');
  });

  it('leaves out a part without partitions', () => {
    const onlyRollup = request('duckdb', [], days);
    expect(onlyRollup.sql).not.toContain('connect_ctr ');
    expect(onlyRollup.sql).not.toContain('ctr_partial');
    expect(request('duckdb', days, []).sql).not.toContain('connect_ctr_rollup15');
    expect(() => request('duckdb', [], [])).toThrow(/at least one partition/);
  });

  it('emits Trino that parses as Athena SQL and reads both tables', () => {
    const q = request('trino', days.slice(2), days.slice(0, 2));
    const { tableList } = new Parser().parse(inlineTrinoParams(q.sql, q.params), { database: 'athena' });
    expect(tableList).toEqual(expect.arrayContaining(['select::null::connect_ctr', 'select::null::connect_ctr_rollup15']));
  });
});
