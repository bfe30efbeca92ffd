/** The query result cache: keys, TTL by data freshness, the two-tier cache, and the caching engine wrapper. */
export { RESULT_CACHE_KEY_PREFIX, CacheKeyError, resultCacheKey, type ResultCacheKeyInput } from './cache-key';
export { DEFAULT_FRESHNESS_POLICY, ttlSecondsFor, type FreshnessPolicy } from './freshness';
export {
  DEFAULT_CACHE_MAX_BYTES,
  CacheConfigError,
  CacheStoreError,
  ResultCache,
  type CacheLookup,
  type CacheOutcome,
  type CacheSource,
  type GetOrComputeOptions,
  type ResultCacheOptions,
  type SharedCacheEntry,
  type SharedCacheStore,
} from './result-cache';
export { RedisCacheStore, type RedisCacheStoreOptions } from './redis-cache.store';
export { CachingQueryEngine, type CachingQueryEngineOptions } from './cached-engine';
