import type { AgentActivity, AgentState } from './agent-state';

/** Which agents a list or subscription shows; every given criterion must hold. */
export interface AgentStateFilterSpec {
  /** Queue name or ARN: agents whose routing profile takes contacts from it, or who hold a contact from it. */
  readonly queue?: string | null;
  /** Routing profile name or ARN. */
  readonly routingProfile?: string | null;
  /** Any of these activities. */
  readonly activity?: readonly AgentActivity[] | null;
  /** Hierarchy group name or ARN, at any level. */
  readonly hierarchyGroup?: string | null;
}

const sameRef = (wanted: string, ref: { arn: string; name: string | null } | null | undefined): boolean =>
  ref !== null && ref !== undefined && (ref.arn === wanted || ref.name === wanted);

/** True when an agent's state satisfies the filter. Unknown names simply match nothing. */
export function matchesAgentFilter(state: AgentState, filter: AgentStateFilterSpec): boolean {
  if (filter.activity && filter.activity.length > 0 && !filter.activity.includes(state.activity)) return false;
  if (filter.routingProfile && !sameRef(filter.routingProfile, state.routingProfile)) return false;
  if (filter.hierarchyGroup && !state.hierarchy.some((group) => sameRef(filter.hierarchyGroup!, group))) return false;
  if (filter.queue) {
    const wanted = filter.queue;
    const serves = state.routingProfile?.inboundQueues.some((q) => sameRef(wanted, q)) ?? false;
    const holds = state.contacts.some((c) => sameRef(wanted, c.queue));
    if (!serves && !holds) return false;
  }
  return true;
}

/**
 * Whether a change should reach a filtered subscriber: when the agent matches after the change, or
 * matched before it (so a wallboard sees the agent leave its view).
 */
export function changeConcernsFilter(change: { state: AgentState; before: AgentState | null }, filter: AgentStateFilterSpec): boolean {
  return matchesAgentFilter(change.state, filter) || (change.before !== null && matchesAgentFilter(change.before, filter));
}
