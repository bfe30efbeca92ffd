import path from 'node:path';
import { PARTITION_KEYS, toDuckDbType, type TableDefinition } from './catalog';

/** How the files of one table are stored. */
export interface ReaderOptions {
  readonly dataDir: string;
  readonly format: 'json' | 'parquet';
  /** False when the folder holds no files yet: the view is then an empty relation with the same columns. */
  readonly hasFiles: boolean;
}

/** Quotes a string as a SQL literal. Used only for configuration values (the data folder), never for request input. */
function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The DuckDB `CREATE VIEW` statement for a catalog table: explicit columns from the catalog, hive
 * partitioning with integer keys, JSON in any framing Firehose writes (newline-delimited, concatenated
 * objects without a delimiter, pretty-printed; gzip by extension) or Parquet. JSON keys are matched as
 * the catalog spells them (Connect's own casing); Athena's SerDe ignores case.
 */
export function duckDbViewSql(table: TableDefinition, options: ReaderOptions): string {
  if (!options.hasFiles) {
    const cols = [...table.columns.map((c) => `CAST(NULL AS ${toDuckDbType(c.type)}) AS "${c.name}"`), ...PARTITION_KEYS.map((k) => `CAST(NULL AS INTEGER) AS "${k}"`)];
    return `CREATE OR REPLACE VIEW ${table.name} AS SELECT ${cols.join(', ')} WHERE false`;
  }
  const hiveTypes = `hive_types={${PARTITION_KEYS.map((k) => `'${k}': 'INTEGER'`).join(', ')}}`;
  if (options.format === 'parquet') {
    const glob = sqlLiteral(path.join(options.dataDir, table.folder, '*', '*', '*', '*.parquet'));
    const names = table.columns.map((c) => `"${c.name}"`).join(', ');
    return `CREATE OR REPLACE VIEW ${table.name} AS SELECT ${names}, ${PARTITION_KEYS.join(', ')} FROM read_parquet(${glob}, hive_partitioning=true, ${hiveTypes}, union_by_name=true)`;
  }
  const glob = sqlLiteral(path.join(options.dataDir, table.folder, '*', '*', '*', '*.json*'));
  const columns = `columns={${table.columns.map((c) => `'${c.name}': '${toDuckDbType(c.type)}'`).join(', ')}}`;
  return `CREATE OR REPLACE VIEW ${table.name} AS SELECT * FROM read_json(${glob}, format='unstructured', hive_partitioning=true, ${hiveTypes}, ${columns})`;
}
