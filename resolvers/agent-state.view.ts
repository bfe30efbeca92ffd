import { isAgentStale, type AgentState as AgentStateModel } from '../src/domain/agent-state';
import type { AgentActivityEnum, AgentState } from '../schema/agent-state.type';

/** What the view needs to know besides the state: when it is read, and the heartbeat period (for `stale`). */
export interface AgentStateViewClock {
  readonly nowMs: number;
  readonly heartbeatPeriodSeconds: number;
}

/** The clock of a request: now, and the request context's heartbeat period. */
export function viewClockOf(ctx: { readonly agentHeartbeatPeriodSeconds: number }): AgentStateViewClock {
  return { nowMs: Date.now(), heartbeatPeriodSeconds: ctx.agentHeartbeatPeriodSeconds };
}

/** Maps the domain state to the GraphQL `AgentState` shape (status flattened, dates as Date, `stale` as of `clock.nowMs`). */
export function toAgentStateView(state: AgentStateModel, clock: AgentStateViewClock): AgentState {
  return {
    agentId: state.agentId,
    agentArn: state.agentArn,
    instanceArn: state.instanceArn,
    username: state.username,
    firstName: state.firstName,
    lastName: state.lastName,
    status: state.status.name,
    statusType: state.status.type,
    statusSince: new Date(state.status.since),
    nextStatus: state.nextStatus,
    activity: state.activity as AgentActivityEnum,
    contacts: state.contacts.map((c) => ({
      contactId: c.contactId,
      state: c.state,
      channel: c.channel,
      queue: c.queue?.name ?? null,
      queueArn: c.queue?.arn ?? null,
      since: new Date(c.stateSince),
      initiationMethod: c.initiationMethod,
      connectedToAgentTimestamp: c.connectedToAgentAt ? new Date(c.connectedToAgentAt) : null,
    })),
    routingProfile: state.routingProfile
      ? {
          arn: state.routingProfile.arn,
          name: state.routingProfile.name,
          inboundQueues: state.routingProfile.inboundQueues.map((q) => ({ arn: q.arn, name: q.name, channels: [...q.channels] })),
        }
      : null,
    hierarchyGroups: state.hierarchy.flatMap((g, i) => (g ? [{ level: i + 1, arn: g.arn, name: g.name }] : [])),
    lastEventType: state.lastEvent.type,
    lastEventTimestamp: new Date(state.lastEvent.timestamp),
    lastEventId: state.lastEvent.id,
    lastHeartbeatAt: state.lastHeartbeatAt ? new Date(state.lastHeartbeatAt) : null,
    stale: isAgentStale(state, clock.nowMs, clock.heartbeatPeriodSeconds),
  };
}
