import type { EvaluationRecord } from '../../domain/evaluation';
import { PARTITION_MARGINS, planPartitions } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { TimeRange } from '../../domain/time-range';
import type { QueryEngine } from '../query-engine';
import { evaluationPageQuery, type EvaluationListFilter, type EvaluationRow } from '../sql/evaluations.sql';
import type { Scope } from '../sql/scope';
import { toEvaluationRecord } from './evaluation-row.mapper';
import { runHistoryQuery } from './history-query';

/** A keyset page of evaluations: one more row than the page was asked for tells whether another page exists. */
export interface EvaluationRows {
  readonly evaluations: EvaluationRecord[];
  readonly hasMore: boolean;
}

/** Reads evaluation lists for one request (the evaluations of given contacts are read by the contact details reader). */
export class EvaluationReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /**
   * Up to `first` evaluations submitted in the (validated) range, after the keyset position, ordered
   * by submission time then evaluation id.
   * @throws Error when a row has no readable submission time.
   */
  async page(
    scope: Scope,
    request: { range: TimeRange; filter: Omit<EvaluationListFilter, 'from' | 'to'>; first: number; after?: { submittedAt: string; evaluationId: string } },
  ): Promise<EvaluationRows> {
    const { range, first } = request;
    const query = evaluationPageQuery({
      dialect: this.engine.dialect,
      scope,
      partitions: planPartitions(range, PARTITION_MARGINS.evaluationsBySubmission),
      filter: { ...request.filter, from: range.from, to: range.to },
      limit: first + 1,
      after: request.after,
    });
    const { rows } = await runHistoryQuery<EvaluationRow>(this.engine, this.stats, query);
    return { evaluations: rows.slice(0, first).map(toEvaluationRecord), hasMore: rows.length > first };
  }
}
