import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine, QueryResult, SqlQuery } from '../query-engine';

/**
 * Runs a query on the history engine (usually the caching engine) and records its cost in the
 * request's stats: a cache hit counts as a hit and costs no backend call; a miss counts as a miss
 * plus one call to the engine with its rows, time and bytes.
 */
export async function runHistoryQuery<Row>(engine: QueryEngine, stats: RequestStats, query: SqlQuery): Promise<QueryResult<Row>> {
  const result = await engine.query<Row>(query);
  stats.recordRead(query.freshness);
  const cache = result.stats.cache;
  if (cache !== undefined) stats.recordCache(cache !== 'miss');
  if (cache === undefined || cache === 'miss') {
    stats.recordCall(result.stats.engine, {
      rows: result.stats.rowsReturned,
      engineTimeMs: result.stats.engineTimeMs,
      bytesScanned: result.stats.bytesScanned,
    });
  }
  return result;
}
