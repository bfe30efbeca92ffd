import type { Logger } from 'pino';
import { CachingQueryEngine, RedisCacheStore, ResultCache } from '../../cache';
import type { AppConfig } from '../../config/env';
import { AthenaEngine } from '../../history/athena.engine';
import type { QueryEngine, QueryObserver } from '../../history/query-engine';
import type { ServerMetrics } from '../observability/metrics';

/** The Athena engine of a configuration (`ATHENA_*`), shared by the Node server and the GraphQL Lambda. */
export function createAthenaEngine(config: AppConfig, observe: QueryObserver): AthenaEngine {
  return new AthenaEngine({
    region: config.athena.region,
    database: config.athena.database,
    workgroup: config.athena.workgroup,
    outputLocation: config.athena.outputLocation,
    resultReuseMinutes: config.athena.resultReuseMinutes,
    timeoutMs: config.athena.timeoutMs,
    maxConcurrency: config.athena.maxConcurrency,
    observe,
  });
}

/**
 * Wraps a history engine in the result cache of a configuration (`CACHE_*`, Redis as the shared
 * tier when `REDIS_URL` is set). The key namespace names the data read (Athena workgroup and
 * database, or the data folder), so a Lambda and a container sharing a Redis share results, and
 * instances reading different data never do.
 * @returns the caching engine, `close` for the Redis connection it opened (if any), and `clear` for the in-process entries.
 */
export function createCachingEngine(
  base: QueryEngine,
  config: AppConfig,
  metrics: ServerMetrics,
  logger: Logger,
): { engine: CachingQueryEngine; close: () => Promise<void>; clear: () => void } {
  const shared = config.redisUrl ? RedisCacheStore.fromUrl(config.redisUrl) : undefined;
  const cache = new ResultCache({
    maxBytes: config.cache.maxBytes,
    shared,
    onLookup: (outcome) => metrics.cacheLookups.inc({ outcome }),
    onError: (error) => logger.warn({ err: error }, 'shared result cache unavailable; using the in-process cache only'),
  });
  const engine = new CachingQueryEngine(base, cache, {
    policy: { ttlOpenDaySeconds: config.cache.ttlOpenDaySeconds, ttlClosedDaysSeconds: config.cache.ttlClosedDaysSeconds },
    namespace: historyNamespace(base, config),
  });
  // clear: drops this process's cached results (a rollup day was rebuilt); entries shared in Redis expire by their TTL.
  return { engine, close: async () => shared?.close(), clear: () => cache.clear() };
}

/** What data a history engine reads (Athena workgroup and database, or the data folder): the namespace of cached results and responses. */
export function historyNamespace(base: Pick<QueryEngine, 'name'>, config: AppConfig): string {
  return base.name === 'athena' ? `athena:${config.athena.workgroup}:${config.athena.database}` : `duckdb:${config.data.dir}`;
}
