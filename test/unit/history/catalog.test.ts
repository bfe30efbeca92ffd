import fs from 'node:fs';
import path from 'node:path';
import { catalog, ctrTable, toDuckDbType, toGlueType } from '../../../src/history/catalog';
import { duckDbViewSql } from '../../../src/history/duckdb-reader';
import { GLUE_TABLES_FILE, renderGlueTablesFile } from '../../../src/history/catalog/write-infra';

describe('table catalog', () => {
  it('infra/glue-tables.json is generated from the catalog (run `npm run infra` after changing it)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../..', GLUE_TABLES_FILE), 'utf8');
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

  it('reads every table with explicit columns and hive partitioning, or an empty typed view without files', () => {
    for (const table of catalog) {
      const json = duckDbViewSql(table, { dataDir: '/data', format: 'json', hasFiles: true });
      expect(json).toContain(`read_json('/data/${table.folder}/*/*/*/*.json*'`);
      expect(json).toContain("hive_types={'year': 'INTEGER', 'month': 'INTEGER', 'day': 'INTEGER'}");
      expect(duckDbViewSql(table, { dataDir: '/data', format: 'parquet', hasFiles: true })).toContain('read_parquet(');
      expect(duckDbViewSql(table, { dataDir: '/data', format: 'json', hasFiles: false })).toContain('WHERE false');
    }
  });

  it("quotes the data folder as a literal (it comes from configuration, but may contain a quote)", () => {
    expect(duckDbViewSql(ctrTable, { dataDir: "/tmp/o'brien", format: 'json', hasFiles: true })).toContain("'/tmp/o''brien/ctr/");
  });
});
