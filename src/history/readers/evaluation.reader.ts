import type { EvaluationRecord } from '../../domain/evaluation';
import { lookaheadLimit } from '../../domain/paging';
import { PARTITION_MARGINS, planPartitions } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { TimeRange } from '../../domain/time-range';
import type { QueryEngine } from '../query-engine';
import { evaluationPageQuery, type EvaluationListFilter, type EvaluationRow } from '../sql/evaluations.sql';
import type { Scope } from '../sql/scope';
import { toEvaluationRecord } from './evaluation-row.mapper';
import { runHistoryQuery } from './history-query';

/** Reads evaluation lists for one request (the evaluations of given contacts are read by the contact details reader). */
export class EvaluationReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /**
   * The evaluations submitted in the (validated) range after the keyset position, ordered by
   * submission time then evaluation id: up to `first + 1` of them ({@link lookaheadLimit}), the extra
   * one telling `pageOf` that another page follows.
   * @throws Error when a row has no readable submission time.
   */
  async page(
    scope: Scope,
    request: { range: TimeRange; filter: Omit<EvaluationListFilter, 'from' | 'to'>; first: number; after?: { submittedAt: string; evaluationId: string } },
  ): Promise<EvaluationRecord[]> {
    const { range, first } = request;
    const query = evaluationPageQuery({
      dialect: this.engine.dialect,
      scope,
      partitions: planPartitions(range, PARTITION_MARGINS.evaluationsBySubmission),
      filter: { ...request.filter, from: range.from, to: range.to },
      limit: lookaheadLimit(first),
      after: request.after,
    });
    const { rows } = await runHistoryQuery<EvaluationRow>(this.engine, this.stats, query);
    return rows.map(toEvaluationRecord);
  }
}
