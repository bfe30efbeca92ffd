import DataLoader from 'dataloader';
import type { AgentEventPoint } from '../domain/agent-timeline';
import type { ContactSpan } from '../domain/workload';
import type { AgentHandledTotals, AgentHistoryReader } from '../history/readers/agent-history.reader';
import type { Scope } from '../history/sql/scope';
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

export type { AgentHandledTotals };

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

/**
 * Creates the agent-history loaders of one request: each batch of agents over one range is one reader call.
 * @example const events = await createAgentHistoryLoaders(readers.agentHistory, scope).events.load(agentRangeKey(arn, from, to));
 */
export function createAgentHistoryLoaders(reader: AgentHistoryReader, scope: Scope): AgentHistoryLoaders {
  const arnsAndRange = (keys: readonly AgentRangeKey[]) => {
    const { from, to } = keys[0] as AgentRangeKey;
    return [keys.map((k) => k.id), { from, to }] as const;
  };
  return {
    events: new DataLoader<AgentRangeKey, AgentEventPoint[], string>(
      (keys) => loadGrouped(keys, MAX_AGENTS_PER_QUERY, (group) => reader.events(scope, ...arnsAndRange(group)), () => []),
      { cacheKeyFn },
    ),
    contactSpans: new DataLoader<AgentRangeKey, ContactSpan[], string>(
      (keys) => loadGrouped(keys, MAX_AGENTS_PER_QUERY, (group) => reader.contactSpans(scope, ...arnsAndRange(group)), () => []),
      { cacheKeyFn },
    ),
    handled: new DataLoader<AgentRangeKey, AgentHandledTotals, string>(
      (keys) =>
        loadGrouped(keys, MAX_AGENTS_PER_QUERY, (group) => reader.handled(scope, ...arnsAndRange(group)), () => ({ contactsHandled: 0, handleTimeSecondsSum: 0, handleTimeCount: 0 })),
      { cacheKeyFn },
    ),
  };
}
