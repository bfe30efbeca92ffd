import type { EngineName, QueryEngine, QueryOptions, QueryResult, QueryStats, SqlQuery } from '../history/query-engine';
import { resultCacheKey } from './cache-key';
import { DEFAULT_FRESHNESS_POLICY, ttlSecondsFor, type FreshnessPolicy } from './freshness';
import type { ResultCache } from './result-cache';

/** Options of a {@link CachingQueryEngine}. */
export interface CachingQueryEngineOptions {
  /** TTLs by freshness; @default 60 s for ranges touching today, 86 400 s for closed days. */
  readonly policy?: FreshnessPolicy;
  /** Part of every key: what data the engine reads (e.g. Athena database, data folder), so instances sharing a Redis but not data never share results. */
  readonly namespace?: string;
  /** Wall clock for the freshness decision; @default `() => new Date()`. */
  readonly now?: () => Date;
}

/**
 * A {@link QueryEngine} that answers from a {@link ResultCache} when it can and runs the wrapped
 * engine otherwise. The key is engine name + SQL + parameters + the caller's scope (`options.scope`,
 * which request readers always pass, although builders bind it as a parameter too) (+ namespace). The TTL comes from `query.freshness`. `stats.cache` tells where the
 * rows came from; on a hit `engineTimeMs` is 0 and `bytesScanned` is absent (nothing ran).
 */
export class CachingQueryEngine implements QueryEngine {
  readonly name: EngineName;
  readonly dialect: QueryEngine['dialect'];
  private readonly policy: FreshnessPolicy;
  private readonly now: () => Date;

  constructor(
    private readonly inner: QueryEngine,
    private readonly cache: ResultCache,
    private readonly options: CachingQueryEngineOptions = {},
  ) {
    this.name = inner.name;
    this.dialect = inner.dialect;
    this.policy = options.policy ?? DEFAULT_FRESHNESS_POLICY;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs `query` through the cache. Throws what the wrapped engine throws (errors are not cached).
   * `options.signal` stops this caller waiting; the engine query itself is aborted only when every
   * caller sharing it (in-flight de-duplication) has aborted.
   * @throws CacheKeyError when a parameter is not a string, number, boolean or null.
   */
  async query<Row = Record<string, unknown>>(query: SqlQuery, options: QueryOptions = {}): Promise<QueryResult<Row>> {
    const key = resultCacheKey({ engine: this.inner.name, namespace: this.options.namespace, scope: options.scope, sql: query.sql, params: query.params });
    const ttlSeconds = ttlSecondsFor(query.freshness, this.now(), this.policy);
    let ran = undefined as QueryResult<Row> | undefined;
    const lookup = await this.cache.getOrCompute<Row[]>(
      key,
      ttlSeconds,
      async (signal) => {
        ran = await this.inner.query<Row>(query, { ...options, signal });
        return ran.rows;
      },
      { signal: options.signal },
    );
    if (lookup.source === 'computed' && ran) return { rows: ran.rows, stats: { ...ran.stats, cache: 'miss' } };
    const stats: QueryStats = {
      engine: this.inner.name,
      engineTimeMs: 0,
      rowsReturned: lookup.value.length,
      cache: lookup.source === 'computed' ? 'miss' : lookup.source,
    };
    return { rows: lookup.value, stats };
  }

  /** Pings the wrapped engine (never cached). */
  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** Closes the wrapped engine; the cache and its Redis store belong to whoever created them. */
  close(): Promise<void> {
    return this.inner.close();
  }
}
