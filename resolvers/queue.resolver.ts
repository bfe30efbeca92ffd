import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { queueChangeMatchesFilter } from '../src/domain/queue-live';
import { scopeIncludes } from '../src/domain/principal';
import { Topic, type QueueRealtimeChangedPayload } from '../src/realtime/topics';
import { QueueRealtimeFilter } from '../schema/queue-realtime-filter.input';
import type { QueueDirectoryEntry } from '../src/domain/agent-directory';
import type { RequestContext } from '../src/services/request-context';
import { ContactsInRangeArgs } from '../schema/contact.args';
import { ContactConnection } from '../schema/contact-connection.type';
import { QueueStatisticsArgs } from '../schema/queue.args';
import { Queue, QueueRealtime, QueueStatistics } from '../schema/queue.type';
import { RequiresScope } from '../schema/auth.decorators';
import { found } from './found';

const toQueueView = (q: QueueDirectoryEntry): Queue => ({ id: q.queueId, arn: q.queueArn, name: q.name });

/**
 * The queue a live change is about, named from the directory (memoized per process, so a push costs
 * no history read after the first): contact events carry only the queue ARN. A directory that cannot
 * be read leaves the name null rather than failing the push.
 */
async function queueOfChange(payload: QueueRealtimeChangedPayload, ctx: RequestContext): Promise<Queue> {
  const known = await ctx.services.directory.getQueue({ id: payload.queueArn }).catch(() => null);
  return { id: payload.queueArn.slice(payload.queueArn.lastIndexOf('/') + 1), arn: payload.queueArn, name: known?.name ?? null };
}

/** Queues: the directory, statistics from CTRs, live counts, contacts. */
@Resolver(() => Queue)
export class QueueResolver {
  @RequiresScope('metrics:read')
  @Query(() => Queue, { nullable: true, description: 'One queue by queue id (or ARN) or by name — give exactly one. A queue the directory does not know, or one of an instance outside your access, is a `NOT_FOUND` error (the same for both).' })
  async queue(
    @Arg('id', () => ID, { nullable: true, description: 'The queue id (last part of the queue ARN) or the queue ARN.' }) id: string | null,
    @Arg('name', () => String, { nullable: true, description: 'The queue name.' }) name: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Queue | null> {
    const queue = await ctx.services.directory.getQueue({ id, name });
    return toQueueView(found(queue, 'queue with this id or name'));
  }

  @RequiresScope('metrics:read')
  @Query(() => [Queue], {
    description:
      'The queues of the contact center, ordered by name: the inbound queues of the routing profiles of agents seen in the last 35 days and the queues contacts waited in (agents\' personal queues are not listed).',
  })
  async queues(@Ctx() ctx: RequestContext): Promise<Queue[]> {
    return (await ctx.services.directory.listQueues()).map(toQueueView);
  }

  @RequiresScope('metrics:read')
  @FieldResolver(() => QueueStatistics, {
    description:
      'The queue\'s statistics over [from, to) from de-duplicated contact trace records: contacts queued, handled and abandoned, average queue answer and abandon time, maximum queued time, average handle and after-contact work time, and the service level at each threshold. The queues of one response with the same arguments are read in one query.',
  })
  statistics(@Root() queue: Queue, @Args(() => QueueStatisticsArgs) { from, to, serviceLevelThresholds }: QueueStatisticsArgs, @Ctx() ctx: RequestContext): Promise<QueueStatistics> {
    return ctx.services.queueStatistics.statistics(queue.arn, { from, to }, serviceLevelThresholds) as Promise<QueueStatistics>;
  }

  @RequiresScope('live:read')
  @FieldResolver(() => QueueRealtime, {
    description:
      'Live counts for this queue: agents staffed for it (online, available, on contact, in after-contact work …, from agent events) and its contacts (in queue, per channel, oldest age, connected, scheduled callbacks, from contact events). Live: a response selecting it is never served from the HTTP response cache (Cache-Control: no-store).',
  })
  async realtime(@Root() queue: Queue, @Ctx() ctx: RequestContext): Promise<QueueRealtime> {
    // The contact counts are resolved from queueArn only when selected (QueueRealtimeResolver).
    return { ...(await ctx.services.agentStates.realtime(queue.arn)), queueArn: queue.arn };
  }

  @RequiresScope('live:read')
  @Subscription(() => Queue, {
    topics: Topic.QueueRealtimeChanged,
    // The principal's instance scope is checked first, on the server, before a change is queued for
    // the subscriber: another instance's queues are never sent.
    filter: ({ payload, args, context }: { payload: QueueRealtimeChangedPayload; args: { filter?: QueueRealtimeFilter | null }; context: RequestContext }) =>
      scopeIncludes(context.principal.instances, payload.instanceArn) && queueChangeMatchesFilter(payload, args.filter ?? {}),
    description:
      'Pushes a queue each time its live contact counts may have changed (a contact entered it, was connected, left or aged out of it) for a queue matching the filter; select `realtime { contactsInQueue oldestContactInQueueAgeSeconds … }` to receive the counts as of the push. `name` is the queue\'s name from the directory (contact events carry none), null for a queue the directory does not know yet. Duplicate and late events are not pushed.',
  })
  queueRealtimeChanged(
    @Root() payload: QueueRealtimeChangedPayload,
    @Arg('filter', () => QueueRealtimeFilter, { nullable: true, description: 'Which queues to watch; all when absent.' }) _filter: QueueRealtimeFilter | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Queue> {
    // The subscription's context lives as long as the subscription: `realtime` must read the state after this change, not the one of the previous push.
    ctx.services.agentStates.clearCache();
    ctx.services.queueLive.clearCache();
    return queueOfChange(payload, ctx);
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => ContactConnection, {
    description:
      'Contacts of this queue (the CTR `Queue`: contacts queued in it, and outbound calls placed from it), initiated in [from, to), de-duplicated and ordered by initiation time then contact id, paged with `first`/`after`.',
  })
  contacts(@Root() queue: Queue, @Args(() => ContactsInRangeArgs) { from, to, first, after }: ContactsInRangeArgs, @Ctx() ctx: RequestContext): Promise<ContactConnection> {
    return ctx.services.contacts.listContacts({ from, to, queue: queue.arn }, first, after);
  }
}
