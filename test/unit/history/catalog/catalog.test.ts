import fs from 'node:fs';
import path from 'node:path';
import { catalog, ctrTable, toDuckDbType, toGlueType } from '../../../../src/history/catalog';
import { duckDbViewSql } from '../../../../src/history/duckdb-reader';
import { GLUE_TABLES_FILE, renderGlueTablesFile } from '../../../../src/history/catalog/write-infra';

describe('table catalog', () => {
  it('infra/glue-tables.json is generated from the catalog (run `npm run infra` after changing it)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../../..', GLUE_TABLES_FILE), 'utf8');
    expect(committed).toBe(renderGlueTablesFile());
  });

  it('has the five tables of the layout', () => {
    expect(catalog.map((t) => [t.name, t.folder])).toEqual([
      ['connect_ctr', 'ctr'],
      ['connect_ae', 'ae'],
      ['connect_cfl', 'cfl'],
      ['connect_cl', 'cl'],
      ['connect_ef', 'ef'],
    ]);
  });

  it('gives connect_ctr the 31 columns of the Glue table, lower-cased as the SerDe sees them', () => {
    expect(ctrTable.columns).toHaveLength(31);
    const agent = ctrTable.columns.find((c) => c.name === 'Agent')!;
    expect(toGlueType(agent.type)).toMatch(/^struct<arn:string,aftercontactworkduration:int,/);
    expect(toGlueType(ctrTable.columns.find((c) => c.name === 'Attributes')!.type)).toBe('string');
  });

  it('renders DuckDB types with the JSON keys quoted as published', () => {
    const queue = ctrTable.columns.find((c) => c.name === 'Queue')!;
    expect(toDuckDbType(queue.type)).toBe('STRUCT("ARN" VARCHAR, "DequeueTimestamp" VARCHAR, "Duration" INTEGER, "EnqueueTimestamp" VARCHAR, "Name" VARCHAR)');
  });

  it('reads every table from its listed files by content, with explicit columns and hive partitioning, or an empty typed view without files', () => {
    const none = { json: [], jsonGzip: [], parquet: [] };
    for (const table of catalog) {
      const dir = `/data/${table.folder}/year=2026/month=10/day=05`;
      const json = duckDbViewSql(table, { ...none, json: [`${dir}/Stream-1-2026-10-05-00-01-00-abc`], jsonGzip: [`${dir}/Stream-1-2026-10-05-00-06-00-def.gz`] });
      expect(json).toContain(`read_json(['${dir}/Stream-1-2026-10-05-00-01-00-abc'], format='auto', compression='uncompressed', ignore_errors=true`);
      expect(json).toContain(`read_json(['${dir}/Stream-1-2026-10-05-00-06-00-def.gz'], format='auto', compression='gzip', ignore_errors=true`);
      expect(json).toContain("hive_types={'year': 'INTEGER', 'month': 'INTEGER', 'day': 'INTEGER'}");
      // Rows without the partition timestamp are cut-off records or another source's shape.
      expect(json).toContain(`WHERE "${table.partitionTimestamp}" IS NOT NULL`);
      expect(duckDbViewSql(table, { ...none, parquet: [`${dir}/part-0`] })).toContain("read_parquet(['/data/");
      expect(duckDbViewSql(table, none)).toContain('WHERE false');
      expect(duckDbViewSql(table, none)).toContain(`CREATE OR REPLACE VIEW ${table.name} AS SELECT * FROM ${table.name}__every_row WHERE`);
    }
  });

  it('quotes file paths as literals (they come from the data folder, but may contain a quote)', () => {
    expect(duckDbViewSql(ctrTable, { json: ["/tmp/o'brien/ctr/year=2026/month=01/day=01/x"], jsonGzip: [], parquet: [] })).toContain("'/tmp/o''brien/ctr/");
  });
});
