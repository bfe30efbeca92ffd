import { assertPageSize, decodeCursor, encodeCursor } from '../domain/cursor';
import type { EvaluationRecord } from '../domain/evaluation';
import { pageOf, type Page } from '../domain/paging';
import { validateTimeRange } from '../domain/time-range';
import type { EvaluationReader } from '../history/readers/evaluation.reader';
import type { EvaluationListFilter } from '../history/sql/evaluations.sql';
import type { Scope } from '../history/sql/scope';
import type { ContactListLimits } from './contact.service';

/** A page of evaluations with Relay page information. */
export type EvaluationPage = Page<EvaluationRecord>;

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
    private readonly reader: EvaluationReader,
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
    const evaluations = await this.reader.page(this.scope, {
      range,
      filter: {
        formTitle: filter.formTitle ?? undefined,
        agentId: filter.agentId === undefined || filter.agentId === null ? undefined : agentIdOf(filter.agentId),
        evaluator: filter.evaluator ?? undefined,
      },
      first,
      after: position ? { submittedAt: String(position[0]), evaluationId: String(position[1]) } : undefined,
    });
    return pageOf(evaluations, first, after, (node) => encodeCursor(CURSOR_KIND, [node.submittedAt.toISOString(), node.evaluationId]));
  }
}
