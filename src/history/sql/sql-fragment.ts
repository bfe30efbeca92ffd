import type { SqlParam } from '../query-engine';

/** SQL dialects the builders emit. */
export type Dialect = 'duckdb' | 'trino';

/**
 * A piece of SQL with positional `?` placeholders and the values bound to them, in order.
 * Builders compose fragments; values never enter the SQL text.
 */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly SqlParam[];
}

/** A fragment with no parameters, for identifiers and keywords that come from the code (never from a request). */
export function raw(text: string): SqlFragment {
  return { text, params: [] };
}

/** A bound value. */
export function param(value: SqlParam): SqlFragment {
  return { text: '?', params: [value] };
}

/** Joins fragments with a separator. */
export function join(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

/**
 * Tagged template: literal text stays SQL, every interpolated value is either a fragment (spliced in
 * with its parameters) or a value (bound as `?`).
 * @example sql`SELECT * FROM t WHERE id = ${id} AND ${predicate}`
 */
export function sql(strings: TemplateStringsArray, ...values: (SqlFragment | SqlParam)[]): SqlFragment {
  let text = strings[0];
  const params: SqlParam[] = [];
  values.forEach((value, i) => {
    if (value !== null && typeof value === 'object' && 'text' in value) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  });
  return { text, params };
}

/**
 * An ISO-8601 string column read as an instant (offset applied), in both dialects: DuckDB
 * `TIMESTAMPTZ`, Trino `from_iso8601_timestamp`. Comparisons are between instants, so the session
 * time zone never matters.
 */
export function timestampOf(dialect: Dialect, column: string): SqlFragment {
  return raw(dialect === 'duckdb' ? `CAST(${column} AS TIMESTAMPTZ)` : `from_iso8601_timestamp(${column})`);
}

/** A bound instant (sent as its UTC ISO-8601 text) read the same way as {@link timestampOf}. */
export function timestampParam(dialect: Dialect, instant: Date): SqlFragment {
  const iso = instant.toISOString();
  return dialect === 'duckdb' ? sql`CAST(${iso} AS TIMESTAMPTZ)` : sql`from_iso8601_timestamp(${iso})`;
}
