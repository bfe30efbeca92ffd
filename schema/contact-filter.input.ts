import { Field, InputType } from 'type-graphql';
import { ChannelFilter, InitiationMethodFilter } from './enums';

/** Which contacts a list returns. */
@InputType({ description: 'Which contacts to list. The time range is required; the other filters are optional and combined with AND.' })
export class ContactFilter {
  @Field(() => Date, { description: 'Start of the range (inclusive) on the initiation time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z.' })
  from: Date;

  @Field(() => Date, { description: 'End of the range (exclusive) on the initiation time: an ISO-8601 date-time with offset. Must be after `from`.' })
  to: Date;

  @Field(() => String, { nullable: true, description: 'Only contacts queued in this queue (name or ARN).' })
  queue?: string;

  @Field(() => ChannelFilter, { nullable: true, description: 'Only contacts on this channel.' })
  channel?: ChannelFilter;

  @Field(() => String, { nullable: true, description: 'Only contacts handled by this agent (username or ARN).' })
  agent?: string;

  @Field(() => InitiationMethodFilter, { nullable: true, description: 'Only contacts initiated this way.' })
  initiationMethod?: InitiationMethodFilter;

  @Field(() => String, {
    nullable: true,
    description:
      'Only contacts whose Contact Lens post-call analysis matched this rule category, e.g. customer-loyalty-risk (exact, case-sensitive; the analysis is joined by contact id, recorded up to a day after the contact).',
  })
  contactLensCategory?: string;
}
