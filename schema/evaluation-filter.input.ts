import { Field, InputType } from 'type-graphql';

/** Which evaluations a list returns. */
@InputType({ description: 'Which evaluations to list. The time range (on the submission time) is required; the other filters are optional, matched exactly and combined with AND.' })
export class EvaluationFilter {
  @Field(() => Date, { description: 'Start of the range (inclusive) on the submission time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z.' })
  from: Date;

  @Field(() => Date, { description: 'End of the range (exclusive) on the submission time: an ISO-8601 date-time with offset. Must be after `from`.' })
  to: Date;

  @Field(() => String, { nullable: true, description: 'Only evaluations with this form title, e.g. SalesDepartmentForm1.' })
  formTitle?: string;

  @Field(() => String, { nullable: true, description: 'Only evaluations of this agent: the agent\'s id or ARN.' })
  agentId?: string;

  @Field(() => String, { nullable: true, description: 'Only evaluations by this evaluator (username).' })
  evaluator?: string;
}
