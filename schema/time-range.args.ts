import { ArgsType, Field } from 'type-graphql';

/** A time range given as two arguments: the base of every ranged field's arguments. */
@ArgsType()
export class TimeRangeArgs {
  @Field(() => Date, { description: 'Start of the range (inclusive): an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z.' })
  from: Date;

  @Field(() => Date, { description: 'End of the range (exclusive): an ISO-8601 date-time with offset. Must be after `from`.' })
  to: Date;
}
