import type { AgentEventPoint } from '../../domain/agent-timeline';
import { PARTITION_MARGINS, planPartitions, type PartitionMargins } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { TimeRange } from '../../domain/time-range';
import type { ContactSpan } from '../../domain/workload';
import type { QueryEngine } from '../query-engine';
import { agentContactSpansQuery, agentHandledQuery, type AgentContactSpanRow, type AgentHandledRow, type AgentContactsRequest } from '../sql/agent-contacts.sql';
import { agentEventsQuery, type AgentEventRow } from '../sql/agent-events.sql';
import type { Scope } from '../sql/scope';
import { toAgentEventPoint, toContactSpan } from './agent-row.mapper';
import { numberOrZero } from './cells';
import { runHistoryQuery } from './history-query';

/** An agent's handled contacts over a range (CTR): Connect's CONTACTS_HANDLED and the handle-time sum for AVG_HANDLE_TIME. */
export interface AgentHandledTotals {
  readonly contactsHandled: number;
  readonly handleTimeSecondsSum: number;
  readonly handleTimeCount: number;
}

function groupBy<T>(rows: readonly T[], id: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(id(row));
    if (list) list.push(row);
    else out.set(id(row), [row]);
  }
  return out;
}

/**
 * Reads the history of agents over one range, one engine query per call for all the agents given:
 * agent events (status history input), contact spans and handled-contact totals. Answers are keyed by
 * agent ARN; an agent without rows is absent from the map.
 */
export class AgentHistoryReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /** Agent events of the range plus the state in force at its start, per agent (rows without a readable time dropped). */
  async events(scope: Scope, agentArns: readonly string[], range: TimeRange): Promise<Map<string, AgentEventPoint[]>> {
    const { rows } = await runHistoryQuery<AgentEventRow>(this.engine, this.stats, agentEventsQuery(this.request(scope, agentArns, range, PARTITION_MARGINS.agentEvents)));
    return new Map([...groupBy(rows, (r) => r.agent_arn)].map(([arn, list]) => [arn, list.map(toAgentEventPoint).filter((p): p is AgentEventPoint => p !== null)]));
  }

  /** Contacts each agent handled that overlap the range (talk and after-contact work spans). */
  async contactSpans(scope: Scope, agentArns: readonly string[], range: TimeRange): Promise<Map<string, ContactSpan[]>> {
    const { rows } = await runHistoryQuery<AgentContactSpanRow>(this.engine, this.stats, agentContactSpansQuery(this.request(scope, agentArns, range, PARTITION_MARGINS.contactsByCompletion)));
    return new Map([...groupBy(rows, (r) => r.agent_arn)].map(([arn, list]) => [arn, list.map(toContactSpan)]));
  }

  /** Contacts connected to each agent in the range, with handle-time totals. */
  async handled(scope: Scope, agentArns: readonly string[], range: TimeRange): Promise<Map<string, AgentHandledTotals>> {
    const { rows } = await runHistoryQuery<AgentHandledRow>(this.engine, this.stats, agentHandledQuery(this.request(scope, agentArns, range, PARTITION_MARGINS.contactsByCompletion)));
    return new Map(
      rows.map((r) => [
        r.agent_arn,
        { contactsHandled: numberOrZero(r.contacts_handled), handleTimeSecondsSum: numberOrZero(r.handle_time_seconds_sum), handleTimeCount: numberOrZero(r.handle_time_count) },
      ]),
    );
  }

  private request(scope: Scope, agentArns: readonly string[], range: TimeRange, margins: PartitionMargins): AgentContactsRequest {
    const { from, to } = range;
    return { dialect: this.engine.dialect, scope, partitions: planPartitions({ from, to }, margins), agentArns, from, to };
  }
}
