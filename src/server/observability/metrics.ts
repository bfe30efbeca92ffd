import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueryObserver } from '../../history/query-engine';

/**
 * The Prometheus metrics of one server process (`GET /metrics`), shared with the GraphQL Lambda. Not
 * to be confused with Connect's metrics (`Query.metrics`, `MetricsService`): this is observability.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly graphqlDuration: Histogram<'operation_type'>;
  readonly graphqlErrors: Counter<'code'>;
  readonly engineQueries: Counter<'engine' | 'query_id' | 'outcome'>;
  readonly engineDuration: Histogram<'engine' | 'query_id'>;
  readonly cacheLookups: Counter<'outcome'>;
  /** HTTP GraphQL requests by response-cache outcome: hit, miss (executed and stored) or bypass (not storable). */
  readonly responseCacheLookups: Counter<'outcome'>;
  /** Saved reports answered (`GET /reports/<name>`), by report, format and HTTP status. */
  readonly reportsServed: Counter<'report' | 'format' | 'status'>;
  readonly malformedAgentEvents: Counter<string>;
  /** Well-formed agent events refused before being applied (future, pre-2017 or impossible dates, out-of-scope instance), by reason. */
  readonly rejectedAgentEvents: Counter<'reason'>;
  /** Contact events not applied, by reason: malformed, or an admission check (future_timestamp, before_2017, impossible_date, out_of_scope). */
  readonly refusedContactEvents: Counter<'reason'>;
  /** WebSockets closed with 4008 because the subscriber fell behind, by which limit it crossed. */
  readonly slowSubscribersDropped: Counter<'reason'>;
  /** History files not read (or read without their cut-off last record), by source folder and reason. */
  readonly skippedHistoryFiles: Counter<'source' | 'reason'>;
  /** History queries the engine stopped before they finished, by engine and reason (timeout, client_gone, operation_ended, other). */
  readonly cancelledQueries: Counter<'engine' | 'reason'>;
  /** GraphQL subscriptions open over WebSocket now. */
  readonly openSubscriptions: Gauge<string>;
  /** Subscription cohorts running now (shared fan-out: equal operation, variables and scope). */
  readonly subscriptionCohorts: Gauge<string>;
  /** Changes executed for a cohort: one per change per cohort, whatever the cohort's size. */
  readonly cohortExecutions: Counter<string>;
  /** Subscription `next` messages written to WebSockets. */
  readonly subscriptionMessagesSent: Counter<string>;
  /** Time from a change being received from the pub/sub to its frame being written to a socket, in seconds. */
  readonly subscriptionPushLatency: Histogram<string>;
  /** Requests refused by a limit, by reason: depth, aliases, tokens, directives, cost (QUERY_TOO_COMPLEX) or rate (RATE_LIMITED). */
  readonly limitRejections: Counter<'reason'>;
  /** Observer to hand to the history engine. */
  readonly observeQuery: QueryObserver;
}

/** Creates a registry with process metrics and the service's own counters and histograms. */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL operation, in seconds.',
    labelNames: ['operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors returned in GraphQL responses, by error code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const engineQueries = new Counter({
    name: 'history_engine_queries_total',
    help: 'Queries sent to the history engine, by engine, query id and outcome.',
    labelNames: ['engine', 'query_id', 'outcome'] as const,
    registers: [registry],
  });
  const engineDuration = new Histogram({
    name: 'history_engine_query_duration_seconds',
    help: 'History engine query time, in seconds.',
    labelNames: ['engine', 'query_id'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'result_cache_lookups_total',
    help: 'Result cache lookups by outcome: memory, redis, inflight (joined a running query) or miss.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const responseCacheLookups = new Counter({
    name: 'response_cache_lookups_total',
    help: 'HTTP GraphQL requests by response-cache outcome: hit, miss (executed and stored) or bypass (live state, errors, not a query).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const reportsServed = new Counter({
    name: 'reports_served_total',
    help: 'Saved reports answered (GET /reports/<name>), by report, format (csv, json, ndjson) and HTTP status.',
    labelNames: ['report', 'format', 'status'] as const,
    registers: [registry],
  });
  const malformedAgentEvents = new Counter({
    name: 'agent_events_malformed_total',
    help: 'Agent event records rejected as malformed (bad JSON or shape) or refused (see agent_events_rejected_total) by /ingest/agent-events or the simulator.',
    registers: [registry],
  });
  const refusedContactEvents = new Counter({
    name: 'contact_events_refused_total',
    help: 'Contact events not applied to the live queue state, by reason: malformed (not a contact event), or refused by an admission check (future_timestamp, before_2017, impossible_date, out_of_scope).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const rejectedAgentEvents = new Counter({
    name: 'agent_events_rejected_total',
    help: 'Agent events refused before being applied (also counted in agent_events_malformed_total), by reason: future_timestamp, before_2017, impossible_date, out_of_scope.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const skippedHistoryFiles = new Counter({
    name: 'history_files_skipped_total',
    help: 'Files in the data folder that are not read, by source (ctr, ae, cfl, cl, ef) and reason (not-json, corrupt-gzip, corrupt-parquet, malformed-json, unreadable; partial-record: read without its cut-off last record). Each file counts once per reason.',
    labelNames: ['source', 'reason'] as const,
    registers: [registry],
  });
  const slowSubscribersDropped = new Counter({
    name: 'graphql_ws_slow_subscribers_dropped_total',
    help: 'WebSockets closed with code 4008 because the subscriber fell behind: reason pending_changes (SUBSCRIPTION_MAX_PENDING_CHANGES) or buffered_bytes (SUBSCRIPTION_MAX_BUFFERED_BYTES).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const cancelledQueries = new Counter({
    name: 'history_engine_queries_cancelled_total',
    help: 'History queries stopped before they finished (DuckDB interrupt, Athena StopQueryExecution), by engine and reason: timeout (REQUEST_TIMEOUT_MS or the engine\'s own), client_gone (HTTP client disconnected), operation_ended (WebSocket operation completed or socket closed), other.',
    labelNames: ['engine', 'reason'] as const,
    registers: [registry],
  });
  const openSubscriptions = new Gauge({
    name: 'graphql_ws_subscriptions_open',
    help: 'GraphQL subscriptions open over WebSocket now (limited by SUBSCRIPTION_MAX_PER_CONNECTION and SUBSCRIPTION_MAX_PER_PRINCIPAL).',
    registers: [registry],
  });
  const limitRejections = new Counter({
    name: 'graphql_limit_rejections_total',
    help: 'Requests refused by a limit, by reason: depth, aliases, tokens, directives, cost (QUERY_TOO_COMPLEX, HTTP 400) or rate (RATE_LIMITED, HTTP 429).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const subscriptionCohorts = new Gauge({
    name: 'graphql_ws_subscription_cohorts',
    help: 'Subscription cohorts running now: subscriptions with the same operation, variables and scope share one execution and one serialization per change.',
    registers: [registry],
  });
  const cohortExecutions = new Counter({
    name: 'graphql_ws_cohort_executions_total',
    help: 'Changes executed for a subscription cohort (filter passed): one per change per cohort, however many subscribers it has.',
    registers: [registry],
  });
  const subscriptionMessagesSent = new Counter({
    name: 'graphql_ws_messages_sent_total',
    help: 'Subscription next messages written to WebSockets (one per subscriber per change).',
    registers: [registry],
  });
  const subscriptionPushLatency = new Histogram({
    name: 'graphql_ws_push_latency_seconds',
    help: 'Time from a change being received from the pub/sub (published in this process, or its Redis message received) to its frame being written to a subscriber\'s socket, in seconds.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    subscriptionCohorts,
    cohortExecutions,
    subscriptionMessagesSent,
    subscriptionPushLatency,
    cancelledQueries,
    openSubscriptions,
    limitRejections,
    slowSubscribersDropped,
    cacheLookups,
    responseCacheLookups,
    reportsServed,
    malformedAgentEvents,
    rejectedAgentEvents,
    refusedContactEvents,
    skippedHistoryFiles,
    httpRequests,
    graphqlDuration,
    graphqlErrors,
    engineQueries,
    engineDuration,
    observeQuery: ({ engine, queryId, durationMs, ok, cancelled }) => {
      engineQueries.inc({ engine, query_id: queryId, outcome: ok ? 'ok' : cancelled ? 'cancelled' : 'error' });
      if (cancelled) cancelledQueries.inc({ engine, reason: cancelled });
      engineDuration.observe({ engine, query_id: queryId }, durationMs / 1000);
    },
  };
}
