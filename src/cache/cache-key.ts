import { createHash } from 'node:crypto';
import type { SqlParam } from '../history/query-engine';
import type { Scope } from '../history/sql/scope';

/** Prefix of every result-cache key; bump the version when the cached value's shape changes. */
export const RESULT_CACHE_KEY_PREFIX = 'qr:v1:';

/** What identifies a query result. */
export interface ResultCacheKeyInput {
  /** Engine name (`duckdb`, `athena`): the same SQL may answer differently on another engine. */
  readonly engine: string;
  /** The statement exactly as sent; not normalized, so literals and whitespace count. */
  readonly sql: string;
  /** Bound parameters in order; `1`, `'1'`, `true` and `null` give different keys. */
  readonly params: readonly SqlParam[];
  /**
   * The caller's scope, for safety: builders already bind the scope as a parameter, so
   * engine + SQL + parameters identify the result; passing it again makes a key that can never be
   * shared across scopes even if a builder forgot the predicate. A `Scope` is canonicalized
   * (instance ARNs sorted, duplicates dropped); a string is used as is.
   */
  readonly scope?: Scope | string;
  /**
   * The data the engine reads (e.g. Athena database + workgroup, or the data folder), so instances
   * sharing one Redis but reading different data never share entries. Optional.
   */
  readonly namespace?: string;
}

/** Thrown when a parameter has a type SQL parameters cannot have (it would make keys ambiguous). */
export class CacheKeyError extends Error {
  readonly code = 'CACHE_KEY_INVALID_PARAM';
  constructor(readonly index: number, readonly valueType: string) {
    super(`Query parameter ${index} has type ${valueType}; only string, number, boolean and null can be part of a cache key.`);
    this.name = 'CacheKeyError';
  }
}

/**
 * The result-cache key of a query: `qr:v1:` + sha256 hex of a canonical JSON of engine,
 * namespace, scope, SQL and type-tagged parameters (73 characters).
 * @throws CacheKeyError when a parameter is not a string, number, boolean or null.
 */
export function resultCacheKey(input: ResultCacheKeyInput): string {
  // Positional arrays are canonical by construction (no object key order to sort); tagging each
  // parameter with its type keeps 1 / '1', null / NaN (both `null` in JSON) and 0 / -0 apart.
  const canonical = JSON.stringify([
    input.engine,
    input.namespace ?? null,
    canonicalScope(input.scope),
    input.sql,
    input.params.map(tagParam),
  ]);
  return RESULT_CACHE_KEY_PREFIX + createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function canonicalScope(scope: Scope | string | undefined): string | readonly string[] | null {
  if (scope === undefined) return null;
  if (typeof scope === 'string') return `s:${scope}`;
  if (scope.kind === 'all') return 'all';
  return [...new Set(scope.instanceArns)].sort();
}

function tagParam(value: unknown, index: number): readonly [string, string] | readonly [string] {
  if (value === null) return ['null'];
  switch (typeof value) {
    case 'string':
      return ['s', value];
    case 'boolean':
      return ['b', String(value)];
    case 'number':
      return ['n', Object.is(value, -0) ? '-0' : String(value)];
    default:
      throw new CacheKeyError(index, typeof value);
  }
}
