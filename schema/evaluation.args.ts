import { ArgsType, Field, Int } from 'type-graphql';
import { EvaluationFilter } from './evaluation-filter.input';

/** Arguments of `Query.evaluations`. */
@ArgsType()
export class EvaluationsArgs {
  @Field(() => EvaluationFilter, { description: 'Which evaluations: a time range on the submission time, plus optional form title, agent and evaluator.' })
  filter: EvaluationFilter;

  @Field(() => Int, { defaultValue: 50, description: 'Page size: how many evaluations to return (1 to the server\'s maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: 'Return evaluations after this cursor (a previous page\'s pageInfo.endCursor).' })
  after?: string | null;
}
