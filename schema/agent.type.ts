import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { AgentActivityEnum, AgentRoutingProfileType, HierarchyGroupRef } from './agent-state.type';
import { PageInfo } from './page-info.type';

/** An agent of the directory. */
@ObjectType({
  description:
    'An agent (a Connect user who handles contacts), as the newest agent event of the last 35 days describes them: identity, routing profile and hierarchy. Reach their live state, contacts, status history, statistics and workload from here.',
})
export class Agent {
  @Field(() => ID, { description: 'The agent id: the last part of the agent ARN.' })
  id: string;

  @Field(() => String, { description: 'Amazon Resource Name of the agent (the CTR `Agent.ARN` and the agent event `AgentARN`).' })
  arn: string;

  @Field(() => String, { description: 'Amazon Resource Name of the Connect instance.' })
  instanceArn: string;

  @Field(() => String, { description: 'The agent\'s username (login name).' })
  username: string;

  @Field(() => String, { nullable: true, description: 'First name.' })
  firstName: string | null;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName: string | null;

  @Field(() => AgentRoutingProfileType, {
    nullable: true,
    description: 'The agent\'s routing profile: which queues and channels the agent takes contacts from (inbound queue channels are not part of the directory and are empty).',
  })
  routingProfile: AgentRoutingProfileType | null;

  @Field(() => [HierarchyGroupRef], { description: 'The agent\'s hierarchy groups (site, department, team …), level 1 first.' })
  hierarchyGroups: HierarchyGroupRef[];

  @Field(() => Date, { description: 'Time of the agent\'s newest agent event (UTC): when the directory last saw the agent.' })
  lastEventTimestamp: Date;
}

/** An edge of an agent list. */
@ObjectType({ description: 'An agent in a list, with the cursor that points at it.' })
export class AgentEdge {
  @Field(() => String, { description: 'Opaque cursor of this agent; pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => Agent, { description: 'The agent.' })
  node: Agent;
}

/** A page of agents. */
@ObjectType({ description: 'A page of agents ordered by username, then agent id (a Relay connection).' })
export class AgentConnection {
  @Field(() => [AgentEdge], { description: 'The agents of this page.' })
  edges: AgentEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfo;
}

/** A stretch of one activity. */
@ObjectType({
  description:
    'A stretch of time in one activity — what the agent was doing, derived from the status and the state of the agent\'s contacts as live state derives it (an agent "Available" on a call is ON_CONTACT).',
})
export class AgentActivityInterval {
  @Field(() => AgentActivityEnum, { description: 'What the agent was doing.' })
  activity: AgentActivityEnum;

  @Field(() => Date, { description: 'Start (UTC, inclusive).' })
  start: Date;

  @Field(() => Date, { description: 'End (UTC, exclusive).' })
  end: Date;

  @Field(() => Float, { description: 'Length in seconds (millisecond precision).' })
  durationSeconds: number;
}

/** A stretch of one agent status. */
@ObjectType({
  description:
    'A stretch of time in one agent status (Available, Offline or a custom status such as Lunch) while logged in, from the status start to the next status change, clipped to the requested range. Consecutive intervals touch: there are no gaps or overlaps between LOGIN and LOGOUT.',
})
export class AgentStatusInterval {
  @Field(() => String, { description: 'The status the agent chose: Available, Offline or a custom status.' })
  status: string;

  @Field(() => String, { description: 'Type of the status as Connect sent it: ROUTABLE (Available), CUSTOM (a custom status such as Lunch or Break) or OFFLINE — or a type Connect added later, returned as sent. Inferred from the name for older events without a type (Available ROUTABLE, Offline OFFLINE, any other CUSTOM).' })
  statusType: string;

  @Field(() => String, { nullable: true, description: 'Amazon Resource Name of the status.' })
  statusArn: string | null;

  @Field(() => Date, { description: 'Start (UTC, inclusive): the status start, or the start of the range.' })
  start: Date;

  @Field(() => Date, { description: 'End (UTC, exclusive): the next status change or LOGOUT, the end of the range, or now for the status in force.' })
  end: Date;

  @Field(() => Float, { description: 'Length in seconds (millisecond precision).' })
  durationSeconds: number;

  @Field(() => [AgentActivityInterval], { description: 'What the agent did during the interval, in time order; the activities cover the interval exactly.' })
  activities: AgentActivityInterval[];
}

/** An agent's statistics over a range. */
@ObjectType({
  description:
    'An agent\'s statistics over a time range, with Amazon Connect\'s definitions (agent statistic record, GetMetricDataV2). Times come from the agent event stream (status and contact states), counts of handled contacts and handle time from the de-duplicated contact trace records.',
})
export class AgentStatistics {
  @Field(() => Date, { description: 'Start of the range (inclusive).' })
  from: Date;

  @Field(() => Date, { description: 'End of the range (exclusive).' })
  to: Date;

  @Field(() => Float, { description: 'Online time (SUM_ONLINE_TIME_AGENT), seconds: time with a status other than Offline, custom statuses included.' })
  onlineTimeSeconds: number;

  @Field(() => Float, {
    description:
      'Idle time (SUM_IDLE_TIME_AGENT), seconds: time Available without handling a contact, plus error time. Excludes the time a contact is being offered (connecting time).',
  })
  idleTimeSeconds: number;

  @Field(() => Float, {
    description:
      'On-contact time (SUM_CONTACT_TIME_AGENT), seconds: time on one or more contacts, customer hold and after-contact work included; time on contacts in a custom status or Offline is not counted.',
  })
  onContactTimeSeconds: number;

  @Field(() => Float, { description: 'Connecting time (SUM_CONNECTING_TIME_AGENT), seconds: time Available while a contact was being offered (ringing, connecting).' })
  connectingTimeSeconds: number;

  @Field(() => Float, {
    description: 'Non-productive time (SUM_NON_PRODUCTIVE_TIME_AGENT), seconds: time in a custom status (not Available, not Offline), such as Break, Lunch or Training.',
  })
  nonProductiveTimeSeconds: number;

  @Field(() => Float, { description: 'Error time (SUM_ERROR_STATUS_TIME_AGENT), seconds: time a contact was missed, rejected or failed and the agent had not yet picked a status.' })
  errorTimeSeconds: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Occupancy (AGENT_OCCUPANCY), percent: on-contact time ÷ (on-contact time + idle time) × 100, ignoring concurrency. Null when both are 0.',
  })
  occupancyPercent: number | null;

  @Field(() => Int, {
    description:
      'Contacts handled (CONTACTS_HANDLED): contacts connected to the agent in the range, however they reached the agent (inbound, outbound, transfer, callback), counted by their connection time.',
  })
  contactsHandled: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Average handle time (AVG_HANDLE_TIME), seconds: mean of talk + customer hold + after-contact work of the contacts handled in the range. Null when none.',
  })
  averageHandleTimeSeconds: number | null;

  @Field(() => Int, {
    description:
      'Agent non-response (AGENT_NON_RESPONSE): contacts routed to the agent and not answered by them — missed, rejected, or abandoned by the customer while being offered. Contacts the agent started themselves (outbound) do not count.',
  })
  agentNonResponse: number;
}
