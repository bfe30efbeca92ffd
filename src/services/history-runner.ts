import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine, QueryResult, SqlQuery } from '../history/query-engine';

/** Runs a query on the history engine and records its cost in the request's stats. */
export async function runHistoryQuery<Row>(engine: QueryEngine, stats: RequestStats, query: SqlQuery): Promise<QueryResult<Row>> {
  const result = await engine.query<Row>(query);
  stats.recordCall(engine.name, {
    rows: result.stats.rowsReturned,
    engineTimeMs: result.stats.engineTimeMs,
    bytesScanned: result.stats.bytesScanned,
  });
  return result;
}
