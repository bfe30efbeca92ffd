import { ArgsType, Field, Int } from 'type-graphql';
import { TimeRangeArgs } from './time-range.args';

/** Arguments of `Queue.statistics`. */
@ArgsType()
export class QueueStatisticsArgs extends TimeRangeArgs {
  @Field(() => [Int], {
    nullable: true,
    description: 'Service-level thresholds in seconds (1 to 604800, at most 20); one service level per threshold, in this order. Default: 20 and 60.',
  })
  serviceLevelThresholds?: number[] | null;
}
