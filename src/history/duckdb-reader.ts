import { catalog, PARTITION_KEYS, rollupCatalog, toDuckDbType, type FlatTableDefinition, type TableDefinition } from './catalog';
import { PartitionFileIndex, type SourceFiles } from './files/partition-file-index';
import { listRollupFiles } from './rollups/rollup-files';

/** Quotes a string as a SQL literal. Used only for configuration values (file paths), never for request input. */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function fileList(files: readonly string[]): string {
  return `[${files.map(sqlLiteral).join(', ')}]`;
}

/**
 * The DuckDB `CREATE VIEW` statement for a catalog table over an explicit list of files, each already
 * classified by content (never by name: Firehose objects usually have no extension):
 * - plain JSON and gzip JSON are read separately with the compression stated, in any framing Firehose
 *   writes (newline-delimited, concatenated objects, pretty-printed), with `ignore_errors` so a cut-off
 *   record becomes an empty row instead of failing the file;
 * - Parquet by name of column;
 * - hive partition keys from the paths, as integers.
 *
 * Rows without the table's partition timestamp are dropped: every record of the source has it (Firehose
 * partitions by it), so such rows are cut-off records or records of another source's shape. JSON keys are matched as the catalog spells them
 * (Connect's own casing); Athena's SerDe ignores case. With no files the view is an empty relation
 * with the same columns. Two statements: the table's view and, under it, {@link unfilteredViewName}.
 */
export function duckDbViewSql(table: TableDefinition, files: SourceFiles): string {
  const hiveTypes = `hive_types={${PARTITION_KEYS.map((k) => `'${k}': 'INTEGER'`).join(', ')}}`;
  const names = [...table.columns.map((c) => `"${c.name}"`), ...PARTITION_KEYS].join(', ');
  const columns = `columns={${table.columns.map((c) => `'${c.name}': '${toDuckDbType(c.type)}'`).join(', ')}}`;
  const parts: string[] = [];
  const json = (list: readonly string[], compression: 'uncompressed' | 'gzip') =>
    `SELECT ${names} FROM read_json(${fileList(list)}, format='auto', compression='${compression}', ignore_errors=true, hive_partitioning=true, ${hiveTypes}, ${columns})`;
  if (files.json.length > 0) parts.push(json(files.json, 'uncompressed'));
  if (files.jsonGzip.length > 0) parts.push(json(files.jsonGzip, 'gzip'));
  if (files.parquet.length > 0) {
    parts.push(`SELECT ${names} FROM read_parquet(${fileList(files.parquet)}, hive_partitioning=true, ${hiveTypes}, union_by_name=true)`);
  }
  const everyRow =
    parts.length > 0
      ? parts.join(' UNION ALL BY NAME ')
      : `SELECT ${[...table.columns.map((c) => `CAST(NULL AS ${toDuckDbType(c.type)}) AS "${c.name}"`), ...PARTITION_KEYS.map((k) => `CAST(NULL AS INTEGER) AS "${k}"`)].join(', ')} WHERE false`;
  const unfiltered = unfilteredViewName(table);
  return [
    `CREATE OR REPLACE VIEW ${unfiltered} AS ${everyRow}`,
    `CREATE OR REPLACE VIEW ${table.name} AS SELECT * FROM ${unfiltered} WHERE "${table.partitionTimestamp}" IS NOT NULL`,
  ].join(';\n');
}

/**
 * The view of every row the files hold, including those the table's view drops (no partition
 * timestamp: cut-off records, another source's records). For data checks, never for queries.
 */
export function unfilteredViewName(table: TableDefinition): string {
  return `${table.name}__every_row`;
}

/**
 * The DuckDB `CREATE VIEW` statement for a flat (rollup) table over its Parquet files, by column
 * name, hive partition keys from the paths as integers; with no files an empty relation with the
 * same columns.
 */
export function duckDbFlatViewSql(table: FlatTableDefinition, parquetFiles: readonly string[]): string {
  const hiveTypes = `hive_types={${PARTITION_KEYS.map((k) => `'${k}': 'INTEGER'`).join(', ')}}`;
  const names = [...table.columns.map((c) => `"${c.name}"`), ...PARTITION_KEYS].join(', ');
  const body =
    parquetFiles.length > 0
      ? `SELECT ${names} FROM read_parquet(${fileList(parquetFiles)}, hive_partitioning=true, ${hiveTypes}, union_by_name=true)`
      : `SELECT ${[...table.columns.map((c) => `CAST(NULL AS ${toDuckDbType(c.type)}) AS "${c.name}"`), ...PARTITION_KEYS.map((k) => `CAST(NULL AS INTEGER) AS "${k}"`)].join(', ')} WHERE false`;
  return `CREATE OR REPLACE VIEW ${table.name} AS ${body}`;
}

/** The view statements of every rollup table over the rollup files in a data folder. */
export function duckDbRollupViewsSql(dataDir: string): string[] {
  return rollupCatalog.map((table) => duckDbFlatViewSql(table, listRollupFiles(dataDir, table).map((f) => f.file)));
}

/**
 * Examines a data folder once and creates every catalog table's view over its readable files on a
 * DuckDB connection (for tools and tests that open their own database; the engine keeps its index).
 * @param run - executes one statement.
 * @returns the index, to inspect what was skipped.
 */
export async function createDuckDbViews(run: (sql: string) => Promise<unknown>, dataDir: string): Promise<PartitionFileIndex> {
  const index = new PartitionFileIndex(dataDir);
  await index.scan();
  for (const table of catalog) await run(duckDbViewSql(table, index.files(table.folder)));
  for (const statement of duckDbRollupViewsSql(dataDir)) await run(statement);
  return index;
}
