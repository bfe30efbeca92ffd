import type { MetricsPlan } from '../../domain/metrics/metric-request';
import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine } from '../query-engine';
import type { MetricQueryRow } from '../sql/metrics/metric-sql';
import type { Scope } from '../sql/scope';
import { runHistoryQuery } from './history-query';
import { planFamilyQueries } from './metrics-queries';
import { assembleMetricsResult, type MetricsResult } from './metrics-result';

/**
 * Reads Connect-style metrics for a validated plan: one engine query per metric family, run in
 * parallel (through the result cache), rows merged and the metrics computed.
 */
export class MetricsReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /**
   * The metrics of the plan.
   * @throws BadUserInputError when the answer would hold too many rows.
   * @throws UpstreamError when the history engine fails.
   */
  async read(scope: Scope, plan: MetricsPlan): Promise<MetricsResult> {
    const queries = planFamilyQueries(plan, this.engine.dialect, scope);
    const results = await Promise.all(queries.map((q) => runHistoryQuery<MetricQueryRow>(this.engine, this.stats, q.query)));
    return assembleMetricsResult(
      plan,
      queries.map((q, i) => ({ family: q.family, components: q.components, rows: results[i].rows })),
    );
  }
}
