import type { SqlParam } from '../query-engine';

/**
 * Renders a bound parameter as the Trino literal Athena expects in `ExecutionParameters`.
 *
 * Athena does not bind typed values: each execution parameter is a string that it parses as a SQL
 * literal and puts where the matching `?` is. So a string must arrive quoted, or `'abc'` would be
 * read as the identifier `abc` (and `x'; DROP TABLE t; --` as SQL). The rendering is:
 * - string → `'…'` with every `'` doubled (Trino string literals have no backslash escapes, so
 *   doubling quotes is the whole escaping): `x'; DROP TABLE t; --` → `'x''; DROP TABLE t; --'`;
 * - number → its decimal text (`42`, `-1.5`, `1e+21`); integers are Trino `integer`/`bigint`
 *   literals, fractions `decimal` literals, exponents `double` literals;
 * - boolean → `true` / `false`;
 * - null → `NULL`.
 * @throws RangeError for NaN and ±Infinity, which have no Trino literal.
 */
export function toTrinoLiteral(value: SqlParam): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return `'${value.replace(/'/g, "''")}'`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be bound as a Trino literal`);
      return String(value);
    default:
      throw new TypeError(`unsupported SQL parameter type ${typeof value}`);
  }
}

/**
 * The `ExecutionParameters` of a statement: one Trino literal per `?`, in order (see
 * {@link toTrinoLiteral}). Undefined when there are none, because Athena rejects an empty list.
 */
export function toExecutionParameters(params: readonly SqlParam[]): string[] | undefined {
  return params.length === 0 ? undefined : params.map(toTrinoLiteral);
}

/**
 * Replaces each `?` placeholder of a Trino statement by the given literal text, in order, the way
 * Athena applies `ExecutionParameters`. `?` inside string literals, quoted identifiers and comments is
 * left alone. For tools and tests that need one self-contained statement (a SQL parser, a local
 * stand-in for Athena); the engine itself always sends parameters separately.
 * @throws RangeError when the number of placeholders differs from the number of literals.
 */
export function inlineTrinoLiterals(sql: string, literals: readonly string[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const skipTo = quotedOrCommentEnd(sql, i);
    if (skipTo > i) {
      out += sql.slice(i, skipTo);
      i = skipTo;
      continue;
    }
    if (c === '?') {
      if (next >= literals.length) throw new RangeError(`the statement has more than ${literals.length} placeholders`);
      out += literals[next++];
    } else {
      out += c;
    }
    i++;
  }
  if (next !== literals.length) throw new RangeError(`the statement has ${next} placeholders but ${literals.length} values were given`);
  return out;
}

/** {@link inlineTrinoLiterals} with the bound values rendered by {@link toTrinoLiteral}. */
export function inlineTrinoParams(sql: string, params: readonly SqlParam[]): string {
  return inlineTrinoLiterals(sql, params.map(toTrinoLiteral));
}

/**
 * If a string literal, quoted identifier or comment starts at `i`, the index just after it; otherwise `i`.
 * An unterminated one runs to the end of the text.
 */
export function quotedOrCommentEnd(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2; // doubled quote inside the literal
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}
