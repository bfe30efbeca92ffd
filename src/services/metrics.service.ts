import { METRIC_CATALOG, type MetricDefinition } from '../domain/metrics/metric-catalog';
import type { MetricsRangeLimits } from '../domain/metrics/metric-limits';
import { planMetricsRequest, type MetricsRequest } from '../domain/metrics/metric-request';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import type { MetricQueryRow } from '../history/sql/metrics/metric-sql';
import type { Scope } from '../history/sql/scope';
import { runHistoryQuery } from './history-runner';
import { planFamilyQueries } from './metrics-queries';
import { assembleMetricsResult, type MetricsResult } from './metrics-result';

/**
 * Per-request orchestration of `Query.metrics`: validates and plans the request (limits per interval,
 * allowed groupings), runs one engine query per metric family in parallel (through the result
 * cache), and assembles the rows.
 */
export class MetricsService {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
    private readonly scope: Scope,
    private readonly limits: MetricsRangeLimits,
  ) {}

  /**
   * Metrics for a range, by interval and groupings.
   * @throws BadUserInputError for an invalid request (the message says what is allowed).
   * @throws RangeTooLargeError (`RANGE_TOO_LARGE`) when the range is too long for the interval.
   * @throws UpstreamError when the history engine fails.
   */
  async getMetrics(request: MetricsRequest): Promise<MetricsResult> {
    const plan = planMetricsRequest(request, this.limits);
    const queries = planFamilyQueries(plan, this.engine.dialect, this.scope);
    const results = await Promise.all(queries.map((q) => runHistoryQuery<MetricQueryRow>(this.engine, this.stats, q.query)));
    return assembleMetricsResult(
      plan,
      queries.map((q, i) => ({ family: q.family, components: q.components, rows: results[i].rows })),
    );
  }

  /** Every metric definition, in catalog order. */
  definitions(): readonly MetricDefinition[] {
    return METRIC_CATALOG;
  }
}
