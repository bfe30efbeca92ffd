import { METRIC_CATALOG, type MetricDefinition } from '../domain/metrics/metric-catalog';
import type { MetricsRangeLimits } from '../domain/metrics/metric-limits';
import { planMetricsRequest, type MetricsRequest } from '../domain/metrics/metric-request';
import type { MetricsReader } from '../history/readers/metrics.reader';
import type { MetricsResult } from '../history/readers/metrics-result';
import type { Scope } from '../history/sql/scope';

export type { MetricDimensionValue, MetricValueResult, MetricsResult, MetricsResultRow } from '../history/readers/metrics-result';

/**
 * Per-request orchestration of `Query.metrics`: validates and plans the request (limits per interval,
 * allowed groupings) and reads it through the metrics reader (one engine query per metric family).
 */
export class MetricsService {
  constructor(
    private readonly reader: MetricsReader,
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
    return this.reader.read(this.scope, plan);
  }

  /** Every metric definition, in catalog order. */
  definitions(): readonly MetricDefinition[] {
    return METRIC_CATALOG;
  }
}
