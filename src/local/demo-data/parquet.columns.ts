import type { RecordSource } from '../../domain/records';
import { catalog, toDuckDbType } from '../../history/catalog';
import { DemoDataError } from './demo-data.errors';

/**
 * The `columns={…}` argument of DuckDB's `read_json` for a source, from the table catalog (the single
 * source of truth for columns, shared with the DuckDB and Athena readers). Keys keep the casing of
 * the JSON on disk, so the Parquet columns are named like the JSON keys.
 * @throws DemoDataError `PARQUET_FAILED` when the catalog has no table for the source.
 */
export function duckDbJsonColumns(source: RecordSource): string {
  const table = catalog.find((candidate) => candidate.folder === source);
  if (table === undefined) throw new DemoDataError('PARQUET_FAILED', `the table catalog has no table for ${source}/`);
  return `{${table.columns.map((column) => `'${column.name}': '${toDuckDbType(column.type).replace(/'/g, "''")}'`).join(', ')}}`;
}
