import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../src/services/request-context';
import { AgentState } from '../schema/agent-state.type';
import { Agent, AgentConnection, AgentStatistics, AgentStatusInterval } from '../schema/agent.type';
import { ContactsInRangeArgs } from '../schema/contact.args';
import { ContactConnection } from '../schema/contact-connection.type';
import { TimeRangeArgs } from '../schema/time-range.args';
import { WorkloadArgs } from '../schema/workload.args';
import { Workload } from '../schema/workload.type';
import { toAgentStateView, viewClockOf } from './agent-state.view';
import { toAgentView, toStatusIntervalView, toWorkloadView } from './agent.view';
import { RequiresScope } from '../schema/auth.decorators';
import { found } from './found';

/** Agents: the directory, and per agent live state, contacts, status history, statistics and workload. */
@Resolver(() => Agent)
export class AgentResolver {
  @RequiresScope('metrics:read')
  @Query(() => Agent, {
    nullable: true,
    description:
      'One agent by agent id (or ARN) or by username — give exactly one. An agent the directory does not know, or one of an instance outside your access, is a `NOT_FOUND` error (the same for both).',
  })
  async agent(
    @Arg('id', () => ID, { nullable: true, description: 'The agent id (last part of the agent ARN) or the agent ARN.' }) id: string | null | undefined,
    @Arg('username', () => String, { nullable: true, description: 'The agent\'s username.' }) username: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Agent | null> {
    // A left-out argument arrives as undefined, an explicit null as null: both mean "not given" (the fuzz suite found `agent(username: null)` reaching the loader with undefined).
    const byId = id ?? null;
    const byUsername = username ?? null;
    const entry = byId !== null && byUsername === null ? await ctx.loaders.agentById.load(byId) : await ctx.services.directory.getAgent({ id: byId, username: byUsername });
    return toAgentView(found(entry, 'agent with this id or username'));
  }

  @RequiresScope('metrics:read')
  @Query(() => AgentConnection, {
    description:
      'The agents of the directory — every agent with agent events in the last 35 days (or, for a data set without recent events, in all of it) — ordered by username, paged with `first`/`after`.',
  })
  async agents(
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size: how many agents to return (1 to the server\'s maximum, 500 by default).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Return agents after this cursor (a previous page\'s pageInfo.endCursor).' }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AgentConnection> {
    const page = await ctx.services.directory.listAgents(first, after);
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toAgentView(e.node) })), pageInfo: page.pageInfo };
  }

  @RequiresScope('live:read')
  @FieldResolver(() => AgentState, {
    nullable: true,
    description:
      'The agent\'s live state from the agent-state table (status, activity, contacts), kept current from the agent event stream. Null when the agent has no live state (not heard from in 30 days). The states of all agents of a response are read with one DynamoDB BatchGetItem per 100 agents. Live: a response selecting it is never served from the HTTP response cache (Cache-Control: no-store).',
  })
  async state(@Root() agent: Agent, @Ctx() ctx: RequestContext): Promise<AgentState | null> {
    const state = await ctx.loaders.agentStateByAgent.load({ instanceArn: agent.instanceArn, agentId: agent.id });
    return state ? toAgentStateView(state, viewClockOf(ctx)) : null;
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => ContactConnection, {
    description: 'Contacts this agent handled, initiated in [from, to), de-duplicated and ordered by initiation time then contact id, paged with `first`/`after`.',
  })
  contacts(@Root() agent: Agent, @Args(() => ContactsInRangeArgs) { from, to, first, after }: ContactsInRangeArgs, @Ctx() ctx: RequestContext): Promise<ContactConnection> {
    return ctx.services.contacts.listContacts({ from, to, agent: agent.arn }, first, after);
  }

  @RequiresScope('metrics:read')
  @FieldResolver(() => [AgentStatusInterval], {
    description:
      'The agent\'s status history in [from, to), rebuilt from agent events (de-duplicated by event id, ordered by event time): one interval per status while logged in, from its start to the next status change, clipped to the range, each with the activities (on contact, after-contact work, idle …) inside it.',
  })
  async statusHistory(@Root() agent: Agent, @Args(() => TimeRangeArgs) { from, to }: TimeRangeArgs, @Ctx() ctx: RequestContext): Promise<AgentStatusInterval[]> {
    return (await ctx.services.agentHistory.statusHistory({ agentArn: agent.arn }, { from, to })).map(toStatusIntervalView);
  }

  @RequiresScope('metrics:read')
  @FieldResolver(() => AgentStatistics, {
    description: 'The agent\'s statistics over [from, to): online, idle, on-contact, non-productive and error time, occupancy, contacts handled, average handle time, non-response.',
  })
  statistics(@Root() agent: Agent, @Args(() => TimeRangeArgs) { from, to }: TimeRangeArgs, @Ctx() ctx: RequestContext): Promise<AgentStatistics> {
    return ctx.services.agentHistory.statistics({ agentArn: agent.arn }, { from, to });
  }

  @RequiresScope('metrics:read')
  @FieldResolver(() => [Workload], {
    description:
      'The agent\'s workload in [from, to): per interval of local time, the time in each status, talk time, wrap-up time and parallel conversations, with status intervals and contacts split at interval edges. At most the intraday range limit (3 days by default).',
  })
  async workload(@Root() agent: Agent, @Args(() => WorkloadArgs) { from, to, timeZone, interval }: WorkloadArgs, @Ctx() ctx: RequestContext): Promise<Workload[]> {
    const subject = { agentId: agent.id, agentArn: agent.arn, username: agent.username };
    return (await ctx.services.agentHistory.workload([subject], { from, to }, timeZone, interval)).map(toWorkloadView);
  }
}
