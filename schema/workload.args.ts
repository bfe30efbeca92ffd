import { ArgsType, Field, ID } from 'type-graphql';
import { TimeRangeArgs } from './time-range.args';
import { WorkloadIntervalEnum } from './workload.type';

/** Arguments of `Agent.workload`: a time range, a time zone and an interval length. */
@ArgsType()
export class WorkloadArgs extends TimeRangeArgs {
  @Field(() => String, { defaultValue: 'UTC', description: 'IANA time zone whose wall clock places the interval edges, e.g. America/New_York (daylight saving included).' })
  timeZone: string;

  @Field(() => WorkloadIntervalEnum, { defaultValue: WorkloadIntervalEnum.FIFTEEN_MIN, description: 'Interval length.' })
  interval: WorkloadIntervalEnum;
}

/** Arguments of `Query.workload`: those of `Agent.workload`, and which agents. */
@ArgsType()
export class WorkloadQueryArgs extends WorkloadArgs {
  @Field(() => [ID], { nullable: true, description: 'Only these agents (agent ids, ARNs or usernames); every agent of the directory when absent.' })
  agentIds?: string[] | null;
}
