import { Parser } from 'node-sql-parser';
import { ROLLUP_DIMENSION_KEYS, rollupThresholdColumns, ROLLUP_PLAIN_COMPONENTS } from '../../../../../src/domain/metrics/metric-rollup';
import { inlineTrinoParams } from '../../../../../src/history/athena/trino-literal';
import { ctrRollupTable, rollupCatalog, toDuckDbType, toGlueType } from '../../../../../src/history/catalog';
import { ctrRollupColumnNames, ctrRollupDayQuery } from '../../../../../src/history/sql/rollup/ctr-rollup.sql';
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
