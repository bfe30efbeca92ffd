import DataLoader from 'dataloader';
import type { AgentEventPoint } from '../domain/agent-timeline';
import { PARTITION_MARGINS, planPartitions } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import type { ContactSpan } from '../domain/workload';
import type { QueryEngine } from '../history/query-engine';
import { agentContactSpansQuery, agentHandledQuery, type AgentContactSpanRow, type AgentHandledRow } from '../history/sql/agent-contacts.sql';
import { agentEventsQuery, type AgentEventRow } from '../history/sql/agent-events.sql';
import type { Scope } from '../history/sql/scope';
import { toAgentEventPoint, toContactSpan } from '../services/agent-row.mapper';
import { runHistoryQuery } from '../services/history-runner';
import { loadGrouped, type GroupedKey } from './range-batch';

/** One agent over one time range. */
export interface AgentRangeKey extends GroupedKey {
  /** The agent ARN. */
  readonly id: string;
  readonly from: Date;
  readonly to: Date;
}

/** The key of an agent over [from, to). */
export function agentRangeKey(agentArn: string, from: Date, to: Date): AgentRangeKey {
  return { id: agentArn, from, to, group: `${from.toISOString()}/${to.toISOString()}` };
}

/** An agent's handled contacts over a range (CTR): Connect's CONTACTS_HANDLED and the handle-time sum for AVG_HANDLE_TIME. */
export interface AgentHandledTotals {
  readonly contactsHandled: number;
  readonly handleTimeSecondsSum: number;
  readonly handleTimeCount: number;
}

/** The per-request loaders of agent history; each batch of agents over one range is one engine query. */
export interface AgentHistoryLoaders {
  /** Agent events (status history input): the range plus the state in force at its start. */
  readonly events: DataLoader<AgentRangeKey, AgentEventPoint[], string>;
  /** Contacts the agent handled that overlap the range (talk and after-contact work spans). */
  readonly contactSpans: DataLoader<AgentRangeKey, ContactSpan[], string>;
  /** Contacts connected to the agent in the range, with handle-time totals. */
  readonly handled: DataLoader<AgentRangeKey, AgentHandledTotals, string>;
}

/** Agents per query: keeps the bound `IN` list (and Athena's statement) small. */
const MAX_AGENTS_PER_QUERY = 200;

const cacheKeyFn = (key: AgentRangeKey): string => `${key.group}/${key.id}`;
const number = (v: number | string | null): number => (v === null ? 0 : Number(v));

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
 * Creates the agent-history loaders of one request.
 * @example const events = await createAgentHistoryLoaders(engine, stats, scope).events.load(agentRangeKey(arn, from, to));
 */
export function createAgentHistoryLoaders(engine: QueryEngine, stats: RequestStats, scope: Scope): AgentHistoryLoaders {
  const request = (keys: readonly AgentRangeKey[], margins: (typeof PARTITION_MARGINS)[keyof typeof PARTITION_MARGINS]) => {
    const { from, to } = keys[0] as AgentRangeKey;
    return { dialect: engine.dialect, scope, partitions: planPartitions({ from, to }, margins), agentArns: keys.map((k) => k.id), from, to };
  };
  return {
    events: new DataLoader<AgentRangeKey, AgentEventPoint[], string>(
      (keys) =>
        loadGrouped(
          keys,
          MAX_AGENTS_PER_QUERY,
          async (group) => {
            const { rows } = await runHistoryQuery<AgentEventRow>(engine, stats, agentEventsQuery(request(group, PARTITION_MARGINS.agentEvents)));
            const points = groupBy(rows, (r) => r.agent_arn);
            return new Map([...points].map(([arn, list]) => [arn, list.map(toAgentEventPoint).filter((p): p is AgentEventPoint => p !== null)]));
          },
          () => [],
        ),
      { cacheKeyFn },
    ),
    contactSpans: new DataLoader<AgentRangeKey, ContactSpan[], string>(
      (keys) =>
        loadGrouped(
          keys,
          MAX_AGENTS_PER_QUERY,
          async (group) => {
            const { rows } = await runHistoryQuery<AgentContactSpanRow>(engine, stats, agentContactSpansQuery(request(group, PARTITION_MARGINS.contactsByCompletion)));
            return new Map([...groupBy(rows, (r) => r.agent_arn)].map(([arn, list]) => [arn, list.map(toContactSpan)]));
          },
          () => [],
        ),
      { cacheKeyFn },
    ),
    handled: new DataLoader<AgentRangeKey, AgentHandledTotals, string>(
      (keys) =>
        loadGrouped(
          keys,
          MAX_AGENTS_PER_QUERY,
          async (group) => {
            const { rows } = await runHistoryQuery<AgentHandledRow>(engine, stats, agentHandledQuery(request(group, PARTITION_MARGINS.contactsByCompletion)));
            return new Map(
              rows.map((r) => [r.agent_arn, { contactsHandled: number(r.contacts_handled), handleTimeSecondsSum: number(r.handle_time_seconds_sum), handleTimeCount: number(r.handle_time_count) }]),
            );
          },
          () => ({ contactsHandled: 0, handleTimeSecondsSum: 0, handleTimeCount: 0 }),
        ),
      { cacheKeyFn },
    ),
  };
}
