import { Field, InputType } from 'type-graphql';

/** Which queues' live changes to receive. */
@InputType({ description: 'Which queues to watch; every given criterion must hold. Queues are named by ARN or id (contact events carry no queue names).' })
export class QueueRealtimeFilter {
  @Field(() => String, { nullable: true, description: 'One queue, by ARN or id (the last part of the ARN).' })
  queue?: string | null;

  @Field(() => [String], { nullable: true, description: 'Any of these queues, by ARN or id.' })
  queues?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Only queues of this Amazon Connect instance (instance ARN).' })
  instance?: string | null;
}
