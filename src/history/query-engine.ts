import type { InstanceScope } from '../domain/principal';
import type { CancelReason } from '../domain/errors';

/** A SQL statement with its bound parameters; `id` is a stable snake_case name for logs, metrics and cache keys. */
export interface SqlQuery {
  readonly id: string;
  readonly sql: string;
  readonly params: readonly SqlParam[];
  /**
   * The time range the statement reads, for the result cache's TTL (short when it touches the
   * current UTC day, long for closed days); omit for lookups without a range. Not part of the cache key.
   */
  readonly freshness?: { readonly from: Date; readonly to: Date };
}

/** Values that may be bound as parameters. */
export type SqlParam = string | number | boolean | null;

/** Figures one query cost. */
export interface QueryStats {
  readonly engine: EngineName;
  readonly engineTimeMs: number;
  readonly rowsReturned: number;
  /** Bytes the engine scanned, when it reports them (Athena does; DuckDB does not). */
  readonly bytesScanned?: number;
  /** True when the engine answered from a stored result of an earlier identical run (Athena result reuse). */
  readonly resultReused?: boolean;
  /** Set when the result cache answered or was consulted: where the rows came from (`miss` = the engine ran the query). */
  readonly cache?: 'memory' | 'redis' | 'inflight' | 'miss';
}

/** Rows (JSON-safe objects keyed by column alias) and what the query cost. */
export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly stats: QueryStats;
}

/** Names of the history engines. */
export type EngineName = 'duckdb' | 'athena';

/** What a {@link QueryObserver} is told about one query. */
export interface QueryEvent {
  readonly engine: EngineName;
  readonly queryId: string;
  readonly durationMs: number;
  readonly rows: number;
  readonly ok: boolean;
  /** Set when the engine stopped the query because its signal aborted: why (see `cancelReasonOf`). */
  readonly cancelled?: CancelReason | 'other';
}

/** Called after every query, successful or not; the server hangs metrics on it. */
export type QueryObserver = (event: QueryEvent) => void;

/** Per-call options of {@link QueryEngine.query}. */
export interface QueryOptions {
  /** Aborts the query (e.g. the client went away): the engine stops it and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * The instance scope of the caller the statement runs for. Builders already bind it in the SQL;
   * the result cache also puts it in its key, so a cached answer is never shared across scopes even
   * if a builder forgot its predicate. Request readers always pass it (see `createHistoryReaders`).
   */
  readonly scope?: InstanceScope;
}

/** The one interface services use to run SQL against the history (DuckDB locally, Athena in the cloud). */
export interface QueryEngine {
  readonly name: EngineName;
  /** SQL dialect the engine's builders must produce. */
  readonly dialect: 'duckdb' | 'trino';
  /** Runs a statement with bound parameters. Throws UpstreamError when the engine fails. */
  query<Row = Record<string, unknown>>(query: SqlQuery, options?: QueryOptions): Promise<QueryResult<Row>>;
  /** Resolves when the engine can answer a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
