import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What an agent is doing now (derived from status and contacts). */
export enum AgentActivityEnum {
  AVAILABLE = 'AVAILABLE',
  INCOMING = 'INCOMING',
  ON_CONTACT = 'ON_CONTACT',
  ON_HOLD = 'ON_HOLD',
  AFTER_CONTACT_WORK = 'AFTER_CONTACT_WORK',
  MISSED = 'MISSED',
  NON_PRODUCTIVE = 'NON_PRODUCTIVE',
  OFFLINE = 'OFFLINE',
}
registerEnumType(AgentActivityEnum, {
  name: 'AgentActivity',
  description:
    'What an agent is doing now, derived from the status the agent chose *and* the state of the agent\'s contacts: an agent whose status is "Available" but who has a connected contact is ON_CONTACT, not available.',
  valuesConfig: {
    AVAILABLE: { description: 'Routable status (Available) and no contact: can take a contact now.' },
    INCOMING: { description: 'A contact is being offered or connecting (INCOMING, PENDING, CONNECTING), e.g. ringing.' },
    ON_CONTACT: {
      description:
        'Connected to at least one contact (talking, chatting, working a task), or holding a contact in a state Connect added after this API was written (when no documented contact state says more).',
    },
    ON_HOLD: { description: 'Every connected contact is on hold.' },
    AFTER_CONTACT_WORK: { description: 'A contact has ended and the agent is doing after-contact work (contact state ENDED).' },
    MISSED: { description: 'The agent missed a contact offered to them (contact state MISSED); not routable until they change status.' },
    NON_PRODUCTIVE: { description: 'A status that is not routable and not Offline, with no contact: a custom status (type CUSTOM) such as Lunch, Break or Training, or a status type Connect added later.' },
    OFFLINE: { description: 'Offline status or logged out.' },
  },
});

/** A named resource reference. */
@ObjectType({ description: 'A queue, routing profile or hierarchy group: its ARN and name.' })
export class ResourceRefType {
  @Field(() => String, { description: 'Amazon Resource Name.' })
  arn: string;

  @Field(() => String, { nullable: true, description: 'Name (null for an agent\'s personal queue).' })
  name: string | null;
}

/** A hierarchy group at a level. */
@ObjectType({ description: 'A group of the agent hierarchy (up to five levels, e.g. site, department, team).' })
export class HierarchyGroupRef {
  @Field(() => Int, { description: 'Hierarchy level, 1 to 5.' })
  level: number;

  @Field(() => String, { description: 'Amazon Resource Name of the group.' })
  arn: string;

  @Field(() => String, { nullable: true, description: 'Name of the group.' })
  name: string | null;
}

/** A queue the routing profile takes contacts from. */
@ObjectType({ description: 'A queue of a routing profile, with the channels the profile takes from it.' })
export class RoutingProfileQueue {
  @Field(() => String, { description: 'Amazon Resource Name of the queue.' })
  arn: string;

  @Field(() => String, { nullable: true, description: 'Name of the queue (null for the agent\'s personal queue).' })
  name: string | null;

  @Field(() => [String], { description: 'Channels taken from this queue, as Connect sent them (VOICE, CHAT, TASK, EMAIL …).' })
  channels: string[];
}

/** The agent's routing profile in live state. */
@ObjectType({ description: 'The routing profile of an agent: which queues and channels the agent takes contacts from.' })
export class AgentRoutingProfileType {
  @Field(() => String, { description: 'Amazon Resource Name of the routing profile.' })
  arn: string;

  @Field(() => String, { nullable: true, description: 'Name of the routing profile.' })
  name: string | null;

  @Field(() => [RoutingProfileQueue], { description: 'The inbound queues of the profile.' })
  inboundQueues: RoutingProfileQueue[];
}

/** A contact the agent holds now. */
@ObjectType({ description: 'A contact an agent has right now, as the newest agent event shows it.' })
export class AgentStateContact {
  @Field(() => ID, { description: 'The contact id.' })
  contactId: string;

  @Field(() => String, {
    description:
      'State of the contact for this agent, as Connect sent it: INCOMING, PENDING, CONNECTING, CONNECTED, CONNECTED_ONHOLD, MISSED, PAUSED, ERROR, ENDED (after-contact work) or REJECTED today; a state Connect adds later is returned as sent (and counts the agent as ON_CONTACT).',
  })
  state: string;

  @Field(() => String, { description: 'Channel, as Connect sent it: VOICE, CHAT, TASK or EMAIL today, or any channel Connect adds.' })
  channel: string;

  @Field(() => String, { nullable: true, description: 'Name of the queue the contact came from.' })
  queue: string | null;

  @Field(() => String, { nullable: true, description: 'ARN of the queue the contact came from.' })
  queueArn: string | null;

  @Field(() => Date, { description: 'When the contact entered its current state (UTC).' })
  since: Date;

  @Field(() => String, { nullable: true, description: 'How the contact was initiated, as Connect sent it (INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, WEBRTC_API … or a method Connect adds later).' })
  initiationMethod: string | null;

  @Field(() => Date, { nullable: true, description: 'When the contact was connected to the agent (UTC).' })
  connectedToAgentTimestamp: Date | null;
}

/** Live state of one agent. */
@ObjectType({
  description:
    'The live state of an agent, kept current from the agent event stream within milliseconds of each event: the chosen status, what the agent is actually doing (activity), the contacts they hold, routing profile and hierarchy.',
})
export class AgentState {
  @Field(() => ID, { description: 'The agent id (last part of the agent ARN).' })
  agentId: string;

  @Field(() => String, { description: 'Amazon Resource Name of the agent.' })
  agentArn: string;

  @Field(() => String, { description: 'Amazon Resource Name of the Connect instance.' })
  instanceArn: string;

  @Field(() => String, { description: 'The agent\'s username.' })
  username: string;

  @Field(() => String, { nullable: true, description: 'First name.' })
  firstName: string | null;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName: string | null;

  @Field(() => String, { description: 'The status the agent chose: Available, Offline or a custom status such as Lunch.' })
  status: string;

  @Field(() => String, { description: 'Type of the status as Connect sent it: ROUTABLE (Available), CUSTOM (a custom status such as Lunch or Break) or OFFLINE — or a type Connect added later, returned as sent. Inferred from the name for older events without a type (Available ROUTABLE, Offline OFFLINE, any other CUSTOM).' })
  statusType: string;

  @Field(() => Date, { description: 'When the agent entered the status (UTC).' })
  statusSince: Date;

  @Field(() => String, { nullable: true, description: 'A status the agent chose while on contacts, applied when they are free.' })
  nextStatus: string | null;

  @Field(() => AgentActivityEnum, { description: 'What the agent is doing now (from status and contacts).' })
  activity: AgentActivityEnum;

  @Field(() => [AgentStateContact], { description: 'The contacts the agent has now (several for concurrent chats).' })
  contacts: AgentStateContact[];

  @Field(() => AgentRoutingProfileType, { nullable: true, description: 'The agent\'s routing profile.' })
  routingProfile: AgentRoutingProfileType | null;

  @Field(() => [HierarchyGroupRef], { description: 'The agent\'s hierarchy groups, level 1 first.' })
  hierarchyGroups: HierarchyGroupRef[];

  @Field(() => String, { description: 'Type of the newest event applied, as sent: LOGIN, LOGOUT, STATE_CHANGE or HEART_BEAT today (a newer type is read like STATE_CHANGE); BOOTSTRAP for a state read from Connect\'s GetCurrentUserData by the warm start (no names, status type inferred from the name), until the agent\'s next event replaces it.' })
  lastEventType: string;

  @Field(() => Date, { description: 'Time of the newest event applied (UTC).' })
  lastEventTimestamp: Date;

  @Field(() => String, { description: 'Id of the newest event applied (`!bootstrap` for a warm-start state).' })
  lastEventId: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Time of the newest heartbeat stored (Connect sends one every 120 s while nothing else happens): liveness of the data. A heartbeat that changes nothing visible is stored only once the stored liveness is AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS old (default 90 s), so this may lag the newest heartbeat received by up to that window. Such heartbeats are kept in a shared liveness log for twice the heartbeat period plus 60 s; after that this shows the time stored with the agent\'s last visible change (the agent is then stale).',
  })
  lastHeartbeatAt: Date | null;

  @Field(() => Boolean, {
    description:
      'True when Connect has not reported this logged-in agent (no event, no heartbeat) for more than twice the heartbeat period (AGENT_HEARTBEAT_PERIOD_SECONDS, default 120 s: 240 s): the state may be out of date (connection lost, missed events). Computed when read. Never true for an agent who logged out or is Offline.',
  })
  stale: boolean;
}
