import type { AgentStatusModel, ContactCenterModel, ModelChannel } from './contact-center.model';
import type { AgentLeg, SimAgent } from './simulation.types';
import { formatMsTimestamp } from './time.format';

/** Agent event types. */
export type AgentEventType = 'LOGIN' | 'LOGOUT' | 'STATE_CHANGE' | 'HEART_BEAT';

/** `Version` of the agent events written (as in the STATE_CHANGE examples). */
export const AGENT_EVENT_VERSION = '2019-05-25';

interface CachedConfiguration {
  /** Configuration JSON up to and including `"Concurrency":[`. */
  readonly head: string;
  /** Configuration JSON from the `]` closing Concurrency to the end. */
  readonly tail: string;
}

const json = JSON.stringify;

/**
 * Writes agent events as JSON lines in the exact nested shape of the published examples
 * (AWSAccountId, AgentARN, CurrentAgentSnapshot{AgentStatus, Configuration, Contacts, NextAgentStatus},
 * EventId, EventTimestamp, EventType, InstanceARN, PreviousAgentSnapshot, Version). Builds the text
 * directly from cached fragments because agent events are the bulk of the data.
 */
export class AgentEventBuilder {
  private readonly configurations = new Map<number, CachedConfiguration>();
  private readonly statusJson: string[];
  private readonly queueJsonByIndex: string[];

  constructor(private readonly model: ContactCenterModel) {
    this.statusJson = model.agentStatuses.map((status) => `"ARN":${json(status.arn)},"Name":${json(status.name)}`);
    this.queueJsonByIndex = model.queues.map((queue) => `{"ARN":${json(queue.arn)},"Name":${json(queue.name)}}`);
  }

  private configuration(agent: SimAgent): CachedConfiguration {
    let cached = this.configurations.get(agent.model.index);
    if (cached === undefined) {
      const model = this.model;
      const groups = agent.model.hierarchyGroupIds.map((id) => model.hierarchyGroups.find((group) => group.id === id));
      const level = (position: number): string => {
        const group = groups[position];
        return group === undefined ? 'null' : `{"ARN":${json(group.arn)},"Name":${json(group.name)}}`;
      };
      const profile = agent.routingProfile;
      const outbound = model.queues[profile.defaultOutboundQueueIndex];
      const inboundQueues = [
        `{"ARN":${json(agent.model.agentQueueArn)},"Channels":["VOICE","CHAT"],"Name":null}`,
        ...profile.queues.map((entry) => {
          const queue = model.queues[entry.queueIndex];
          return `{"ARN":${json(queue?.arn)},"Channels":${json(entry.channels)},"Name":${json(queue?.name)}}`;
        }),
      ];
      cached = {
        head:
          `{"AgentHierarchyGroups":{"Level1":${level(0)},"Level2":${level(1)},"Level3":${level(2)},"Level4":null,"Level5":null},` +
          `"FirstName":${json(agent.model.firstName)},"LastName":${json(agent.model.lastName)},` +
          `"RoutingProfile":{"ARN":${json(profile.arn)},"Concurrency":[`,
        tail:
          `],"DefaultOutboundQueue":{"ARN":${json(outbound?.arn)},"Channels":["VOICE"],"Name":${json(outbound?.name)}},` +
          `"InboundQueues":[${inboundQueues.join(',')}],"Name":${json(profile.name)}},"Username":${json(agent.model.username)}}`,
      };
      this.configurations.set(agent.model.index, cached);
    }
    return cached;
  }

  private concurrency(agent: SimAgent): string {
    let nonChatLegs = 0;
    let chatLegs = 0;
    for (const leg of agent.legs) {
      if (leg.contact.channel === 'CHAT') chatLegs++;
      else nonChatLegs++;
    }
    return agent.routingProfile.concurrency
      .map(({ channel, maximumSlots }) => {
        const available = availableSlots(channel, maximumSlots, nonChatLegs, chatLegs);
        return `{"AvailableSlots":${available},"Channel":"${channel}","MaximumSlots":${maximumSlots}}`;
      })
      .join(',');
  }

  private contactJson(leg: AgentLeg): string {
    const contact = leg.contact;
    const queue =
      contact.queueIndex === null ? 'null' : (this.queueJsonByIndex[contact.queueIndex] ?? 'null');
    return (
      `{"Channel":"${contact.channel}",` +
      `"ConnectedToAgentTimestamp":${contact.connectedToAgentMs === null || leg.state === 'CONNECTING' || leg.state === 'INCOMING' ? 'null' : `"${formatMsTimestamp(contact.connectedToAgentMs)}"`},` +
      `"ContactId":"${contact.id}",` +
      `"InitialContactId":${contact.initialContactId === null ? 'null' : `"${contact.initialContactId}"`},` +
      `"InitiationMethod":"${contact.initiationMethod}",` +
      `"Queue":${queue},` +
      `"QueueTimestamp":${contact.enqueueMs === null || contact.outboundQueue ? 'null' : `"${formatMsTimestamp(contact.enqueueMs)}"`},` +
      `"State":"${leg.state}",` +
      `"StateStartTimestamp":"${formatMsTimestamp(leg.stateStartMs)}"}`
    );
  }

  /** The agent's current snapshot as JSON. */
  snapshotJson(agent: SimAgent): string {
    const status = this.model.agentStatuses[agent.statusIndex] as AgentStatusModel;
    const configuration = this.configuration(agent);
    const next = agent.nextStatus;
    const nextJson =
      next === null
        ? 'null'
        : `{"Name":${json(this.model.agentStatuses[next.statusIndex]?.name)},"ARN":${json(this.model.agentStatuses[next.statusIndex]?.arn)},"EnqueuedTimestamp":"${formatMsTimestamp(next.enqueuedMs)}"}`;
    return (
      `{"AgentStatus":{${this.statusJson[agent.statusIndex]},"StartTimestamp":"${formatMsTimestamp(agent.statusStartMs)}","Type":"${status.type}"},` +
      `"Configuration":${configuration.head}${this.concurrency(agent)}${configuration.tail},` +
      `"Contacts":[${agent.legs.map((leg) => this.contactJson(leg)).join(',')}],` +
      `"NextAgentStatus":${nextJson}}`
    );
  }

  /** One agent event as a JSON line (no newline). `previousSnapshotJson` is null for LOGIN and LOGOUT. */
  eventJson(
    agent: SimAgent,
    eventType: AgentEventType,
    eventMs: number,
    eventId: string,
    currentSnapshotJson: string,
    previousSnapshotJson: string | null,
  ): string {
    return (
      `{"AWSAccountId":"${this.model.instance.awsAccountId}","AgentARN":${json(agent.model.arn)},` +
      `"CurrentAgentSnapshot":${currentSnapshotJson},"EventId":"${eventId}","EventTimestamp":"${formatMsTimestamp(eventMs)}",` +
      `"EventType":"${eventType}","InstanceARN":${json(this.model.instance.arn)},` +
      `"PreviousAgentSnapshot":${previousSnapshotJson ?? 'null'},"Version":"${AGENT_EVENT_VERSION}"}`
    );
  }
}

/** Free slots of a channel: voice and tasks need an empty desk; chats share the desk only with chats. */
function availableSlots(channel: ModelChannel, maximumSlots: number, nonChatLegs: number, chatLegs: number): number {
  if (channel === 'CHAT') return nonChatLegs > 0 ? 0 : Math.max(0, maximumSlots - chatLegs);
  return nonChatLegs + chatLegs > 0 ? 0 : maximumSlots;
}
