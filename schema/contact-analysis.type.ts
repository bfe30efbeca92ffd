import { Field, Float, Int, ObjectType } from 'type-graphql';

/** Counts of what Contact Lens detected in the transcript. */
@ObjectType({ description: 'Call summary counts: how many issues, action items and outcomes Contact Lens detected in the transcript turns.' })
export class ContactCallSummary {
  @Field(() => Int, { nullable: true, description: 'Number of issues detected (the reason for the call).' })
  issuesDetectedCount: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of action items detected (what the agent committed to do).' })
  actionItemsDetectedCount: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of outcomes detected (how the call concluded).' })
  outcomesDetectedCount: number | null;
}

/** Contact Lens post-call analytics of a voice contact. */
@ObjectType({
  description:
    'Contact Lens post-call analytics of a voice contact, as the Data Analytics Sample extracts it from the analysis file: sentiment, matched categories, talk and non-talk time, interruptions, talk speed and call summary counts. Durations are whole seconds (rounded down). A metric missing from the analysis is null.',
})
export class ContactAnalysis {
  @Field(() => Date, { nullable: true, description: 'When the recording started (UTC, minute precision: taken from the recording\'s file name). It can fall on a later UTC day than the contact\'s initiation.' })
  recordingTimestamp: Date | null;

  @Field(() => String, { nullable: true, description: 'The channel analysed, as the analysis file says: VOICE (or CHAT, or a channel Connect adds).' })
  channel: string | null;

  @Field(() => String, { nullable: true, description: 'The language of the conversation, e.g. en-US.' })
  languageCode: string | null;

  @Field(() => [String], { description: 'The Contact Lens rule categories the conversation matched, e.g. customer-loyalty-risk.' })
  matchedCategories: string[];

  @Field(() => Float, { nullable: true, description: 'The agent\'s overall sentiment, from -5 (negative) to +5 (positive): the average of the scores of the portions of the call.' })
  overallSentimentAgent: number | null;

  @Field(() => Float, { nullable: true, description: 'The customer\'s overall sentiment, from -5 (negative) to +5 (positive).' })
  overallSentimentCustomer: number | null;

  @Field(() => Int, { nullable: true, description: 'Length of the analysed conversation, in whole seconds.' })
  totalConversationDurationSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Time either participant was talking, in whole seconds.' })
  talkTimeTotalSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Time the agent was talking, in whole seconds.' })
  talkTimeAgentSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Time the customer was talking, in whole seconds.' })
  talkTimeCustomerSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Time nobody was talking (silence, hold), in whole seconds.' })
  nonTalkTimeTotalSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of times one participant interrupted the other.' })
  interruptionsTotalCount: number | null;

  @Field(() => Int, { nullable: true, description: 'The agent\'s average talk speed, in words per minute.' })
  averageWordsPerMinuteAgent: number | null;

  @Field(() => Int, { nullable: true, description: 'The customer\'s average talk speed, in words per minute.' })
  averageWordsPerMinuteCustomer: number | null;

  @Field(() => ContactCallSummary, { description: 'What Contact Lens detected in the transcript: issues, action items, outcomes.' })
  callSummary: ContactCallSummary;
}
