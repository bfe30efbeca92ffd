import { cancelReasonOf, type CancelReason } from '../domain/errors';
import type { QueryEngine, QueryOptions, QueryResult, SqlQuery } from './query-engine';

/** Told when a query of a signal-bound engine rejected because the request's signal aborted. */
export type QueryCancelledListener = (event: { readonly queryId: string; readonly reason: CancelReason | 'other' }) => void;

/**
 * The engine as one request sees it: every query carries the request's `signal` (combined with a
 * per-call signal, if any), so a timeout or a client that went away stops the request's engine work
 * (DuckDB interrupt, Athena StopQueryExecution; a result-cache flight shared with other requests
 * keeps running for them). `onCancelled` hears of each query given up that way (logging).
 */
export function bindSignal(engine: QueryEngine, signal: AbortSignal, onCancelled?: QueryCancelledListener): QueryEngine {
  return {
    name: engine.name,
    dialect: engine.dialect,
    query: async <Row>(query: SqlQuery, options: QueryOptions = {}): Promise<QueryResult<Row>> => {
      const combined = options.signal ? AbortSignal.any([options.signal, signal]) : signal;
      try {
        return await engine.query<Row>(query, { ...options, signal: combined });
      } catch (error) {
        if (signal.aborted) onCancelled?.({ queryId: query.id, reason: cancelReasonOf(signal.reason) });
        throw error;
      }
    },
    ping: () => engine.ping(),
    close: () => engine.close(),
  };
}
