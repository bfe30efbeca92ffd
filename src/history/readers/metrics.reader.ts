import { partitionDayKey } from '../../domain/time-range';
import type { MetricsPlan } from '../../domain/metrics/metric-request';
import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine } from '../query-engine';
import { NO_ROLLUPS, type RollupAvailability } from '../rollups/rollup-availability';
import type { MetricQueryRow } from '../sql/metrics/metric-sql';
import type { Scope } from '../sql/scope';
import { runHistoryQuery } from './history-query';
import { planFamilyQueries, rollupCandidateDays } from './metrics-queries';
import { assembleMetricsResult, type MetricsResult } from './metrics-result';

/** Options of {@link MetricsReader}. */
export interface MetricsReaderOptions {
  /** Which closed CTR partition days have a clean rollup; @default {@link NO_ROLLUPS} (every day read raw). */
  readonly rollups?: RollupAvailability;
  /** The clock that decides which days are closed, in epoch milliseconds; @default Date.now */
  readonly nowMs?: () => number;
}

/**
 * Reads Connect-style metrics for a validated plan: one engine query per metric family, run in
 * parallel (through the result cache), rows merged and the metrics computed. A contact-record
 * family reads the closed partition days whose rollup is clean from `connect_ctr_rollup15` and the
 * other days from the records, in the same statement; the request's stats say which days came
 * from where.
 */
export class MetricsReader {
  private readonly rollups: RollupAvailability;
  private readonly nowMs: () => number;

  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
    options: MetricsReaderOptions = {},
  ) {
    this.rollups = options.rollups ?? NO_ROLLUPS;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /**
   * The metrics of the plan.
   * @throws BadUserInputError when the answer would hold too many rows.
   * @throws UpstreamError when the history engine fails.
   */
  async read(scope: Scope, plan: MetricsPlan): Promise<MetricsResult> {
    const queries = planFamilyQueries(plan, this.engine.dialect, scope, await this.rollupDays(plan));
    for (const q of queries) if (q.partitionDays) this.stats.recordCtrPartitionDays(q.partitionDays);
    const results = await Promise.all(queries.map((q) => runHistoryQuery<MetricQueryRow>(this.engine, this.stats, q.query)));
    return assembleMetricsResult(
      plan,
      queries.map((q, i) => ({ family: q.family, components: q.components, rows: results[i].rows })),
    );
  }

  /** The closed days of the plan's rollup-answerable families whose rollup is clean; none asked about when there are none. */
  private async rollupDays(plan: MetricsPlan): Promise<ReadonlySet<string>> {
    const candidates = rollupCandidateDays(plan, this.nowMs());
    if (candidates.length === 0) return new Set();
    const clean = await this.rollups.cleanDays(candidates);
    return new Set(candidates.map(partitionDayKey).filter((key) => clean.has(key)));
  }
}
