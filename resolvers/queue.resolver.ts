import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../src/services/request-context';
import { Queue, QueueRealtime } from '../schema/queue.type';

/** Queues and their live counts. */
@Resolver(() => Queue)
export class QueueResolver {
  @Query(() => [Queue], { description: 'The queues agents are staffed for (from the routing profiles in live agent state), ordered by name.' })
  queues(@Ctx() ctx: RequestContext): Promise<Queue[]> {
    return ctx.services.agentStates.queues();
  }

  @FieldResolver(() => QueueRealtime, {
    description: 'Live agent counts for this queue: online, available, on contact, in after-contact work … among the agents staffed for it.',
  })
  realtime(@Root() queue: Queue, @Ctx() ctx: RequestContext): Promise<QueueRealtime> {
    return ctx.services.agentStates.realtime(queue.arn);
  }
}
