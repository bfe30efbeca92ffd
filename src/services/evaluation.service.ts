import { assertPageSize, decodeCursor, encodeCursor } from '../domain/cursor';
import type { EvaluationRecord } from '../domain/evaluation';
import { PARTITION_MARGINS, planPartitions } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import { validateTimeRange } from '../domain/time-range';
import type { QueryEngine } from '../history/query-engine';
import { evaluationPageQuery, type EvaluationListFilter, type EvaluationRow } from '../history/sql/evaluations.sql';
import type { Scope } from '../history/sql/scope';
import type { ContactListLimits } from './contact.service';
import { toEvaluationRecord } from './evaluation-row.mapper';
import { runHistoryQuery } from './history-runner';

/** A page of evaluations with Relay page information. */
export interface EvaluationPage {
  edges: { cursor: string; node: EvaluationRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const CURSOR_KIND = 'evaluation';

/** `…/agent/<id>` → `<id>`: the evaluation rows hold the agent's id, callers often have its ARN. */
export function agentIdOf(agentIdOrArn: string): string {
  const marker = '/agent/';
  const at = agentIdOrArn.lastIndexOf(marker);
  return agentIdOrArn.startsWith('arn:') && at >= 0 ? agentIdOrArn.slice(at + marker.length) : agentIdOrArn;
}

/** Per-request orchestration of evaluation lists: validation, limits, keyset pagination. */
export class EvaluationService {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
    private readonly scope: Scope,
    private readonly limits: ContactListLimits,
  ) {}

  /**
   * One page of evaluations submitted in [from, to), ordered by submission time then evaluation id.
   * `agentId` may also be the agent's ARN.
   * @throws BadUserInputError for a bad range, `first` out of bounds or a foreign cursor.
   * @throws RangeTooLargeError when the range exceeds the configured maximum.
   */
  async listEvaluations(filter: EvaluationListFilter, first: number, after?: string | null): Promise<EvaluationPage> {
    assertPageSize(first, this.limits.maxPageSize);
    const range = validateTimeRange(filter, this.limits.maxRangeDays);
    const position = after ? decodeCursor(CURSOR_KIND, after, ['instant', 'string']) : undefined;
    const query = evaluationPageQuery({
      dialect: this.engine.dialect,
      scope: this.scope,
      partitions: planPartitions(range, PARTITION_MARGINS.evaluationsBySubmission),
      filter: {
        from: range.from,
        to: range.to,
        formTitle: filter.formTitle ?? undefined,
        agentId: filter.agentId === undefined || filter.agentId === null ? undefined : agentIdOf(filter.agentId),
        evaluator: filter.evaluator ?? undefined,
      },
      limit: first + 1,
      after: position ? { submittedAt: String(position[0]), evaluationId: String(position[1]) } : undefined,
    });
    const { rows } = await runHistoryQuery<EvaluationRow>(this.engine, this.stats, query);
    const edges = rows.slice(0, first).map((row) => {
      const node = toEvaluationRecord(row);
      return { cursor: encodeCursor(CURSOR_KIND, [node.submittedAt.toISOString(), node.evaluationId]), node };
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
