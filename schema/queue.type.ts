import { Field, Int, ObjectType } from 'type-graphql';

/** Live counts for a queue. */
@ObjectType({
  description:
    'Live agent counts for a queue, from the agent-state table: agents whose routing profile takes contacts from the queue (staffed agents), by what they are doing now.',
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
}

/** A queue. */
@ObjectType({ description: 'A queue of the contact center: where contacts wait to be routed to agents.' })
export class Queue {
  @Field(() => String, { description: 'Amazon Resource Name of the queue.' })
  arn: string;

  @Field(() => String, { nullable: true, description: 'Name of the queue.' })
  name: string | null;
}
