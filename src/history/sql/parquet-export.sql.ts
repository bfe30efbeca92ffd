import { catalog, toDuckDbType, type SourceFolder } from '../catalog';
import { sqlLiteral } from '../duckdb-reader';

/** What {@link parquetCopyStatement} converts. */
export interface ParquetCopyRequest {
  readonly source: SourceFolder;
  /** The JSON delivery file to read (configuration, never request input). */
  readonly jsonFile: string;
  /** Whether `jsonFile` is gzip (decided by its content, not its name). */
  readonly jsonIsGzip: boolean;
  /** The Parquet file to write. */
  readonly parquetFile: string;
  /** Parquet's compression codec. */
  readonly compression: 'gzip' | 'snappy';
}

/**
 * The `columns={…}` argument of DuckDB's `read_json` for a source, from the table catalog (the single
 * source of truth for columns, shared with the DuckDB and Athena readers). Keys keep the casing of
 * the JSON on disk, so the Parquet columns are named like the JSON keys.
 * @throws Error when the catalog has no table for the source.
 */
export function duckDbJsonColumns(source: SourceFolder): string {
  const table = catalog.find((candidate) => candidate.folder === source);
  if (table === undefined) throw new Error(`the table catalog has no table for ${source}/`);
  return `{${table.columns.map((column) => `'${column.name}': '${toDuckDbType(column.type).replace(/'/g, "''")}'`).join(', ')}}`;
}

/**
 * DuckDB's `COPY (SELECT … FROM read_json(…)) TO … (FORMAT parquet)` for one delivery file, with the
 * catalog's column types (what the demo data's `--format parquet` writes). Paths are quoted literals:
 * they come from the generator's own folders.
 */
export function parquetCopyStatement(request: ParquetCopyRequest): string {
  return (
    `COPY (SELECT * FROM read_json(${sqlLiteral(request.jsonFile)}, format='auto', ` +
    `compression=${request.jsonIsGzip ? "'gzip'" : "'uncompressed'"}, columns=${duckDbJsonColumns(request.source)})) ` +
    `TO ${sqlLiteral(request.parquetFile)} (FORMAT parquet, COMPRESSION '${request.compression}')`
  );
}
