import { ArgsType, Field, Int } from 'type-graphql';
import { ContactFilter } from './contact-filter.input';
import { TimeRangeArgs } from './time-range.args';

/** Arguments of `Query.contacts`. */
@ArgsType()
export class ContactsArgs {
  @Field(() => ContactFilter, { description: 'Which contacts: a time range on initiation time, plus optional queue, channel, agent and initiation method.' })
  filter: ContactFilter;

  @Field(() => Int, { defaultValue: 50, description: 'Page size: how many contacts to return (1 to the server\'s maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: 'Return contacts after this cursor (a previous page\'s pageInfo.endCursor).' })
  after?: string | null;
}

/** A time range and a page of contacts: the arguments of `Agent.contacts` and `Queue.contacts`. */
@ArgsType()
export class ContactsInRangeArgs extends TimeRangeArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Page size: how many contacts to return (1 to the server\'s maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: 'Return contacts after this cursor (a previous page\'s pageInfo.endCursor).' })
  after?: string | null;
}
