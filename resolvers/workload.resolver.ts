import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../src/services/request-context';
import { WorkloadQueryArgs } from '../schema/workload.args';
import { Workload } from '../schema/workload.type';
import { toWorkloadView } from './agent.view';
import { RequiresScope } from '../schema/auth.decorators';

/** Workload across agents (Flex Insights' Workload data set). */
@Resolver(() => Workload)
export class WorkloadResolver {
  @RequiresScope('metrics:read')
  @Query(() => [Workload], {
    description:
      'Workload per agent and interval over [from, to): activity time by status, talk time, wrap-up time and parallel conversations in intervals of 15 minutes, 30 minutes or an hour of local time in `timeZone`. Status intervals (agent events) and contacts (CTRs) are split at interval edges, never attributed to the interval they started in. Rows are ordered by username, then interval; only intervals with activity are listed. The range may span at most the intraday range limit (3 days by default; RANGE_TOO_LARGE names it).',
  })
  async workload(@Args(() => WorkloadQueryArgs) { from, to, timeZone, interval, agentIds }: WorkloadQueryArgs, @Ctx() ctx: RequestContext): Promise<Workload[]> {
    return (await ctx.services.workload.workload({ from, to, timeZone, interval, agentIds })).map(toWorkloadView);
  }
}
