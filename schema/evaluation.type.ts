import { Field, Float, ID, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

/** The score of one section of an evaluation form. */
@ObjectType({ description: 'The score of one section of a submitted evaluation.' })
export class EvaluationSectionScore {
  @Field(() => String, { nullable: true, description: 'The section\'s reference id in the form.' })
  sectionRefId: string | null;

  @Field(() => String, { nullable: true, description: 'The section\'s title.' })
  sectionTitle: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The section\'s score, percent (0–100). Null when the section is not scored — and also when it scored 0 %: the Data Analytics Sample\'s extraction turns 0 into null.',
  })
  scorePercentage: number | null;
}

/** The answer to one question of an evaluation form. */
@ObjectType({ description: 'The answer to one question of a submitted evaluation.' })
export class EvaluationAnswer {
  @Field(() => String, { nullable: true, description: 'The question\'s reference id in the form.' })
  questionRefId: string | null;

  @Field(() => String, { nullable: true, description: 'The question type: SINGLESELECT, NUMERIC, TEXT (MULTISELECT and DATETIME answers are not extracted and come back without value).' })
  questionType: string | null;

  @Field(() => String, { nullable: true, description: 'The question as the form asks it.' })
  questionText: string | null;

  @Field(() => String, { nullable: true, description: 'Reference id of the section the question is in.' })
  sectionRefId: string | null;

  @Field(() => String, { nullable: true, description: 'Title of the section the question is in.' })
  sectionTitle: string | null;

  @Field(() => String, { nullable: true, description: 'Reference id of the parent section, when the question is in a sub-section.' })
  parentSectionRefId: string | null;

  @Field(() => String, { nullable: true, description: 'Title of the parent section, when the question is in a sub-section.' })
  parentSectionTitle: string | null;

  @Field(() => String, { nullable: true, description: 'The section path: "<parent title> -> <section title>", or the section title.' })
  fullSectionTitle: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The answer: the selected option\'s text (SINGLESELECT), the number as text (NUMERIC; an empty string when not applicable) or the text (TEXT).',
  })
  value: string | null;

  @Field(() => String, { nullable: true, description: 'The selected option\'s reference id (SINGLESELECT).' })
  valueRefId: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The answer\'s score, percent (0–100). Null for TEXT questions, not-applicable answers, and for a score of 0 % (the sample\'s extraction turns 0 into null).',
  })
  scorePercentage: number | null;
}

/** A submitted contact evaluation. */
@ObjectType({
  description:
    'A submitted evaluation of an agent\'s handling of a contact (an Amazon Connect evaluation form, as the Data Analytics Sample extracts it): form, evaluator, total and section scores, and the answers.',
})
export class Evaluation {
  @Field(() => ID, { description: 'The evaluation\'s id.' })
  evaluationId: string;

  @Field(() => String, { description: 'The id of the evaluated contact.' })
  contactId: string;

  @Field(() => String, { nullable: true, description: 'Id of the Amazon Connect instance.' })
  instanceId: string | null;

  @Field(() => String, { nullable: true, description: 'The evaluated agent\'s id (the last part of the agent ARN).' })
  agentId: string | null;

  @Field(() => String, { nullable: true, description: 'Who evaluated (their username).' })
  evaluator: string | null;

  @Field(() => String, { nullable: true, description: 'The title of the evaluation form, e.g. SalesDepartmentForm1.' })
  formTitle: string | null;

  @Field(() => Date, { nullable: true, description: 'When the evaluator started the evaluation (UTC).' })
  startedAt: Date | null;

  @Field(() => Date, { description: 'When the evaluation was submitted (UTC); evaluations are listed and partitioned by it, often days after the contact.' })
  submittedAt: Date;

  @Field(() => Float, {
    nullable: true,
    description:
      'The form\'s total score, percent (0–100). Null means not scored — which includes a real 0 %: the Data Analytics Sample\'s extraction (parseFloat(x) || null) turns 0 into null, so a null cannot be told apart from 0.',
  })
  totalScorePercentage: number | null;

  @Field(() => [EvaluationSectionScore], { description: 'The score of each section, in form order.' })
  sectionScores: EvaluationSectionScore[];

  @Field(() => [EvaluationAnswer], { description: 'The answer to each question, in form order.' })
  answers: EvaluationAnswer[];
}

/** An edge of an evaluation list. */
@ObjectType({ description: 'An evaluation in a list, with the cursor that points at it.' })
export class EvaluationEdge {
  @Field(() => String, { description: 'Opaque cursor of this evaluation; pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => Evaluation, { description: 'The evaluation.' })
  node: Evaluation;
}

/** A page of evaluations (Relay connection). */
@ObjectType({ description: 'A page of evaluations ordered by submission time, then evaluation id (a Relay connection).' })
export class EvaluationConnection {
  @Field(() => [EvaluationEdge], { description: 'The evaluations of this page.' })
  edges: EvaluationEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfo;
}
