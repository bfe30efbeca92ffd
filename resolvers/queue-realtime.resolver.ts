import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ageSeconds } from '../src/domain/queue-live';
import type { RequestContext } from '../src/services/request-context';
import { ChannelCount, QueueRealtime } from '../schema/queue.type';

/**
 * The contact counts of `Queue.realtime`, from contact events. They are field resolvers so that a
 * selection of agent counts alone never reads the live contacts; the contacts of an instance are
 * read once per request (QueueLiveService), whichever of these fields and queues are selected.
 */
@Resolver(() => QueueRealtime)
export class QueueRealtimeResolver {
  @FieldResolver(() => Int, {
    description:
      'Contacts waiting in the queue to be connected to an agent, on every channel, callbacks included (GetCurrentMetricData CONTACTS_IN_QUEUE), from contact events: queued, not yet connected, not disconnected.',
  })
  async contactsInQueue(@Root() realtime: QueueRealtime, @Ctx() ctx: RequestContext): Promise<number> {
    return (await ctx.services.queueLive.counts(realtime.queueArn)).contactsInQueue;
  }

  @FieldResolver(() => [ChannelCount], { description: 'CONTACTS_IN_QUEUE per channel, ordered by channel; channels with no waiting contact are left out.' })
  async contactsInQueueByChannel(@Root() realtime: QueueRealtime, @Ctx() ctx: RequestContext): Promise<ChannelCount[]> {
    return (await ctx.services.queueLive.counts(realtime.queueArn)).contactsInQueueByChannel.map((c) => ({ ...c }));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Seconds the longest-waiting contact has been in the queue, computed when read from its enqueue time (GetCurrentMetricData OLDEST_CONTACT_AGE); null when no contact waits.',
  })
  async oldestContactInQueueAgeSeconds(@Root() realtime: QueueRealtime, @Ctx() ctx: RequestContext): Promise<number | null> {
    const counts = await ctx.services.queueLive.counts(realtime.queueArn);
    return ageSeconds(counts.oldestContactEnqueuedAt, counts.nowMs);
  }

  @FieldResolver(() => Int, {
    description: 'Contacts of this queue connected to an agent right now, from contact events (the contact side of AGENTS_ON_CONTACT: CONNECTED_TO_AGENT, not yet DISCONNECTED).',
  })
  async contactsConnected(@Root() realtime: QueueRealtime, @Ctx() ctx: RequestContext): Promise<number> {
    return (await ctx.services.queueLive.counts(realtime.queueArn)).contactsConnected;
  }

  @FieldResolver(() => Int, { description: 'Callbacks waiting in the queue (initiation method CALLBACK; GetCurrentMetricData CONTACTS_SCHEDULED); they are also counted in contactsInQueue.' })
  async contactsScheduled(@Root() realtime: QueueRealtime, @Ctx() ctx: RequestContext): Promise<number> {
    return (await ctx.services.queueLive.counts(realtime.queueArn)).contactsScheduled;
  }
}
