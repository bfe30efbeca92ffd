import { Arg, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { changeConcernsFilter } from '../src/domain/agent-state-filter';
import { scopeIncludes } from '../src/domain/principal';
import { Topic, type AgentStateChangedPayload } from '../src/realtime/topics';
import type { RequestContext } from '../src/services/request-context';
import { AgentStateFilter } from '../schema/agent-state-filter.input';
import { AgentState } from '../schema/agent-state.type';
import { toAgentStateView, viewClockOf } from './agent-state.view';
import { RequiresScope } from '../schema/auth.decorators';

/** Live agent state: the list and the change subscription. */
@Resolver(() => AgentState)
export class AgentStateResolver {
  @RequiresScope('live:read')
  @Query(() => [AgentState], {
    description:
      'The live state of every agent matching the filter, ordered by username: status, activity (what they are actually doing), contacts. Milliseconds fresh: kept current from the agent event stream. Live: a response selecting it is never served from the HTTP response cache (Cache-Control: no-store).',
  })
  async agentStates(
    @Arg('filter', () => AgentStateFilter, { nullable: true, description: 'Which agents; all when absent.' }) filter: AgentStateFilter | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AgentState[]> {
    const clock = viewClockOf(ctx);
    return (await ctx.services.agentStates.list(filter ?? {})).map((state) => toAgentStateView(state, clock));
  }

  @RequiresScope('live:read')
  @Subscription(() => AgentState, {
    topics: Topic.AgentStateChanged,
    // The principal's instance scope is checked first, on the server, before a change is queued for
    // the subscriber: another instance's changes are never sent.
    filter: ({ payload, args, context }: { payload: AgentStateChangedPayload; args: { filter?: AgentStateFilter | null }; context: RequestContext }) =>
      scopeIncludes(context.principal.instances, payload.state.instanceArn) && changeConcernsFilter(payload, args.filter ?? {}),
    description:
      'Pushes an agent\'s new state each time something visible changes (status, activity, contacts, routing profile) for an agent matching the filter — also when a change makes the agent leave the filter, so a wallboard can drop it. Heartbeats and duplicate or late events are never pushed.',
  })
  agentStateChanged(
    @Root() payload: AgentStateChangedPayload,
    @Arg('filter', () => AgentStateFilter, { nullable: true, description: 'Which agents to watch; all when absent.' }) _filter: AgentStateFilter | null,
    @Ctx() ctx: RequestContext,
  ): AgentState {
    return toAgentStateView(payload.state, viewClockOf(ctx));
  }
}
