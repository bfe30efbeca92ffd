import type { AgentState as AgentStateModel } from '../src/domain/agent-state';
import type { AgentActivityEnum, AgentState } from '../schema/agent-state.type';

/** Maps the domain state to the GraphQL `AgentState` shape (status flattened, dates as Date). */
export function toAgentStateView(state: AgentStateModel): AgentState {
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
  };
}
