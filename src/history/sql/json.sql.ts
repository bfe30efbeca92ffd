import { raw, type Dialect, type SqlFragment } from './sql-fragment';

/**
 * JSON access that gives the same text on both engines. DuckDB reads the files as written (keys in
 * Connect's casing); Athena's OpenX JSON SerDe hands objects stored in `string` columns back with
 * lower-cased keys (the Data Analytics Sample's queries use `$.contactid`), so the Trino forms try the
 * key as Connect spells it, then lower-cased. Paths and columns are code constants, never request
 * input.
 */

const SEGMENT = /^[A-Za-z][A-Za-z0-9]*$/;

function jsonPath(segments: readonly string[]): string {
  for (const s of segments) if (!SEGMENT.test(s)) throw new Error(`unsupported JSON path segment ${JSON.stringify(s)}`);
  return `'$.${segments.join('.')}'`;
}

/** The Trino expression for both spellings of a path, the first that is not null. */
function bothCasings(segments: readonly string[], render: (path: string) => string): string {
  const exact = jsonPath(segments);
  const lower = jsonPath(segments.map((s) => s.toLowerCase()));
  return exact === lower ? render(exact) : `coalesce(${render(exact)}, ${render(lower)})`;
}

/**
 * A scalar (string or number) at `path` of a JSON text column, as text; null when absent.
 * DuckDB `json_extract_string`, Trino `json_extract_scalar`.
 * @example jsonScalar('trino', 'message', ['ContactId'])
 */
export function jsonScalar(dialect: Dialect, column: string, path: readonly string[]): SqlFragment {
  if (dialect === 'duckdb') return raw(`json_extract_string(${column}, ${jsonPath(path)})`);
  return raw(bothCasings(path, (p) => `json_extract_scalar(${column}, ${p})`));
}

/**
 * The JSON value (object, array, scalar) at `path` of a JSON text column, as JSON text; null when
 * absent. DuckDB `json_extract` cast to text, Trino `json_format(json_extract(…))` (a cast of JSON to
 * VARCHAR only works for scalars in Trino).
 */
export function jsonValue(dialect: Dialect, column: string, path: readonly string[]): SqlFragment {
  if (dialect === 'duckdb') return raw(`CAST(json_extract(${column}, ${jsonPath(path)}) AS VARCHAR)`);
  return raw(bothCasings(path, (p) => `json_format(json_extract(${column}, ${p}))`));
}

/**
 * A column the catalog declares `json` (Glue: `string`) as text: DuckDB reads it as JSON and casts
 * it, Athena already returns the text.
 */
export function jsonColumnText(dialect: Dialect, column: string): SqlFragment {
  return raw(dialect === 'duckdb' ? `CAST(${column} AS VARCHAR)` : column);
}

/**
 * A typed array or struct column (e.g. `array<struct<…>>`) rendered as JSON text, so both engines
 * return the same cell (Athena would otherwise print `[{a=1}]`, which is not JSON). Struct fields come
 * back as objects keyed by the field name (DuckDB keeps the catalog's casing, Athena lower-cases);
 * older Trino versions render a struct as a positional array instead, which the readers accept too.
 */
export function typedAsJson(dialect: Dialect, column: string): SqlFragment {
  return raw(dialect === 'duckdb' ? `CAST(CAST(${column} AS JSON) AS VARCHAR)` : `json_format(CAST(${column} AS JSON))`);
}
