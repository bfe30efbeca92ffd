import { Field, InputType } from 'type-graphql';
import { ChannelScalar, InitiationMethodScalar } from './connect-enum.scalar';

/** Which contacts a list returns. */
@InputType({ description: 'Which contacts to list. The time range is required; the other filters are optional and combined with AND.' })
export class ContactFilter {
  @Field(() => Date, { description: 'Start of the range (inclusive) on the initiation time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z.' })
  from: Date;

  @Field(() => Date, { description: 'End of the range (exclusive) on the initiation time: an ISO-8601 date-time with offset. Must be after `from`.' })
  to: Date;

  @Field(() => String, { nullable: true, description: 'Only contacts queued in this queue (name or ARN).' })
  queue?: string;

  @Field(() => ChannelScalar, {
    nullable: true,
    description: 'Only contacts on this channel: VOICE, CHAT, TASK, EMAIL or any channel Connect sends (exact match), bare (VOICE) or quoted ("VOICE").',
  })
  channel?: string;

  @Field(() => String, { nullable: true, description: 'Only contacts handled by this agent (username or ARN).' })
  agent?: string;

  @Field(() => InitiationMethodScalar, {
    nullable: true,
    description: 'Only contacts initiated this way: INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, WEBRTC_API … or any method Connect sends (exact match), bare or quoted.',
  })
  initiationMethod?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Only contacts whose Contact Lens post-call analysis matched this rule category, e.g. customer-loyalty-risk (exact, case-sensitive; the analysis is joined by contact id, recorded up to a day after the contact).',
  })
  contactLensCategory?: string;
}
