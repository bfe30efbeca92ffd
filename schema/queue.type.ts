import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** Contacts in queue of one channel. */
@ObjectType({ description: 'Contacts waiting in a queue on one channel (CONTACTS_IN_QUEUE by CHANNEL).' })
export class ChannelCount {
  @Field(() => String, { description: 'The channel as Connect names it, upper case: VOICE, CHAT, TASK, EMAIL, or a newer one; UNKNOWN when no event of the contact named it.' })
  channel: string;

  @Field(() => Int, { description: 'Contacts waiting on this channel.' })
  count: number;
}

/** Live counts for a queue. */
@ObjectType({
  description:
    'Live counts for a queue. Agent counts come from the agent event stream: agents whose routing profile takes contacts from the queue (staffed agents), by what they are doing now. Contact counts come from Amazon Connect contact events (EventBridge); a contact whose events stop arriving stops counting LIVE_QUEUE_MAX_AGE_SECONDS (default 4 h) after its last phase began.',
})
export class QueueRealtime {
  @Field(() => Int, { description: 'Agents online: logged in with any status other than Offline (Connect\'s "Online").' })
  agentsOnline: number;

  @Field(() => Int, { description: 'Agents available: routable status and no contact (activity AVAILABLE).' })
  agentsAvailable: number;

  @Field(() => Int, { description: 'Agents on contact, including on hold (activities ON_CONTACT and ON_HOLD).' })
  agentsOnContact: number;

  @Field(() => Int, { description: 'Agents in after-contact work (activity AFTER_CONTACT_WORK).' })
  agentsInAfterContactWork: number;

  @Field(() => Int, { description: 'Agents being offered a contact (activity INCOMING).' })
  agentsIncoming: number;

  @Field(() => Int, { description: 'Agents in a custom, not routable status such as Lunch or Break (activity NON_PRODUCTIVE).' })
  agentsNonProductive: number;

  @Field(() => Int, { description: 'Agents who missed a contact and are not routable until they change status (activity MISSED).' })
  agentsMissed: number;

  /** The queue the counts are of (not a GraphQL field): the contact counts are resolved from it, only when selected. */
  queueArn: string;
}

/** A queue. */
@ObjectType({
  description:
    'A queue of the contact center: where contacts wait to be routed to agents. Listed from the routing profiles of the agents seen in the last 35 days and the queues their contacts waited in.',
})
export class Queue {
  @Field(() => ID, { description: 'The queue id: the last part of the queue ARN.' })
  id: string;

  @Field(() => String, { description: 'Amazon Resource Name of the queue.' })
  arn: string;

  @Field(() => String, { nullable: true, description: 'Name of the queue.' })
  name: string | null;
}

/** Service level at one threshold. */
@ObjectType({
  description:
    'Service level at one threshold (SERVICE_LEVEL): the share of contacts queued in the range that left the queue — answered, abandoned or moved to a callback — within the threshold.',
})
export class QueueServiceLevel {
  @Field(() => Int, { description: 'The threshold, seconds in queue (a contact counts when its time in queue is at most this).' })
  thresholdSeconds: number;

  @Field(() => Int, { description: 'Contacts queued in the range that left the queue within the threshold.' })
  contactsWithinThreshold: number;

  @Field(() => Float, { nullable: true, description: 'contactsWithinThreshold ÷ contactsQueued × 100, in percent; null when no contact was queued.' })
  percent: number | null;
}

/** A queue's statistics over a range. */
@ObjectType({
  description:
    'A queue\'s statistics over a time range, with Amazon Connect\'s definitions, from the de-duplicated contact trace records (one per contact, the latest delivery). Each contact counts by the time of what is measured: queued by its enqueue time, handled by its connection to an agent, abandoned by the time it left the queue.',
})
export class QueueStatistics {
  @Field(() => Date, { description: 'Start of the range (inclusive).' })
  from: Date;

  @Field(() => Date, { description: 'End of the range (exclusive).' })
  to: Date;

  @Field(() => Int, { description: 'Contacts queued (CONTACTS_QUEUED): contacts placed in the queue (`Queue.EnqueueTimestamp` in the range).' })
  contactsQueued: number;

  @Field(() => Int, {
    description:
      'Contacts handled (CONTACTS_HANDLED): contacts of the queue connected to an agent in the range, however they reached the agent (outbound calls count in their outbound queue).',
  })
  contactsHandled: number;

  @Field(() => Int, {
    description:
      'Contacts abandoned (CONTACTS_ABANDONED): queued contacts that left the queue in the range without reaching an agent — the customer hung up or the task expired. Contacts moved on to a queued callback or a transfer (with a next contact) are not abandoned here, unlike `Contact.abandoned`, which follows the CTR model\'s definition.',
  })
  contactsAbandoned: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Average queue answer time (AVG_QUEUE_ANSWER_TIME), seconds: mean time in queue of the handled contacts that were queued. Null when none.',
  })
  averageQueueAnswerTimeSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'Average abandon time (AVG_ABANDON_TIME), seconds: mean time in queue of the abandoned contacts. Null when none.' })
  averageAbandonTimeSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Maximum queued time (MAX_QUEUED_TIME), seconds: the longest time in queue of a contact queued in the range, abandoned ones included.' })
  maxQueuedTimeSeconds: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average handle time (AVG_HANDLE_TIME), seconds: mean of talk + customer hold + after-contact work of the contacts handled in the range. Null when none.',
  })
  averageHandleTimeSeconds: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average after-contact work time (AVG_AFTER_CONTACT_WORK_TIME), seconds: mean after-contact work of the contacts handled in the range. Null when none.',
  })
  averageAfterContactWorkTimeSeconds: number | null;

  @Field(() => [QueueServiceLevel], { description: 'Service level at each requested threshold, in the order requested.' })
  serviceLevels: QueueServiceLevel[];
}
