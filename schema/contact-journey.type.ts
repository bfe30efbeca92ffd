import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Pii } from './auth.decorators';

/** One contact flow block a contact went through (one contact flow log entry). */
@ObjectType({
  description:
    'One step of a contact\'s journey through contact flows: a block that ran, as its contact flow log entry records it (the Data Analytics Sample\'s customer journey trace). Interactions outside flows (time in queue, with an agent) are not logged, and nothing is logged while a flow turns logging off.',
})
export class ContactFlowStep {
  @Field(() => Date, { description: 'When the block ran (the log entry\'s Timestamp, UTC, millisecond precision).' })
  timestamp: Date;

  @Field(() => Date, { nullable: true, description: 'When CloudWatch Logs ingested the entry (UTC); it names the entry\'s day partition, so it can fall on a later day than the step.' })
  loggedTimestamp: Date | null;

  @Field(() => String, { description: 'The CloudWatch log event id of the entry.' })
  eventId: string;

  @Field(() => String, { nullable: true, description: 'Amazon Resource Name of the contact flow.' })
  contactFlowId: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the contact flow, e.g. SimpleInboundFlow.' })
  contactFlowName: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The block type (ContactFlowModuleType): SetLoggingBehavior, PlayPrompt, GetUserInput, SetAttributes, SetQueue, TransferToQueue, InvokeExternalResource …',
  })
  moduleType: string | null;

  @Field(() => String, { nullable: true, description: 'The block\'s identifier within the flow.' })
  identifier: string | null;

  @Pii('object')
  @Field(() => GraphQLJSONObject, {
    description:
      'The block\'s parameters as logged (prompt text, attribute key and value, queue ARN, Lambda ARN …). Keys are as the history engine returns them: Connect\'s casing on DuckDB; Athena\'s JSON SerDe may lower-case them.',
  })
  parameters: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'The block\'s result: for GetUserInput the key pressed (DTMF) or Timeout / NoMatchingCondition / Error, or the Lex intent.' })
  results: string | null;

  @Pii('redact')
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What an external resource (an AWS Lambda function) returned to the flow; null for other blocks.' })
  externalResults: Record<string, unknown> | null;
}

/** A customer input collected by a GetUserInput block. */
@ObjectType({
  description:
    'A customer input collected in a contact flow: the result of a GetUserInput block (DTMF keys pressed, or a Lex intent), as the Data Analytics Sample\'s DTMF query selects them.',
})
export class DtmfInput {
  @Field(() => Date, { description: 'When the input block ran (UTC).' })
  timestamp: Date;

  @Field(() => String, { nullable: true, description: 'Name of the contact flow that asked.' })
  contactFlowName: string | null;

  @Field(() => String, { nullable: true, description: 'The input block\'s identifier within the flow.' })
  identifier: string | null;

  @Field(() => String, {
    description: 'What the customer entered: the key pressed (e.g. 1 in the sample\'s menu: 1 RecentPurchase, 2 RepeatOrder, 3 NewOrder), or Timeout, NoMatchingCondition, Error.',
  })
  result: string;
}
