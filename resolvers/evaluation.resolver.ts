import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { ContactRecord } from '../src/domain/contact';
import type { EvaluationRecord } from '../src/domain/evaluation';
import type { EvaluationPage } from '../src/services/evaluation.service';
import type { RequestContext } from '../src/services/request-context';
import { Contact } from '../schema/contact.type';
import { EvaluationsArgs } from '../schema/evaluation.args';
import { Evaluation, EvaluationConnection } from '../schema/evaluation.type';
import { RequiresScope } from '../schema/auth.decorators';

/** `Query.evaluations` and the relations of an evaluation. Thin: arguments to the services. */
@Resolver(() => Evaluation)
export class EvaluationResolver {
  @RequiresScope('contacts:read')
  @Query(() => EvaluationConnection, {
    description:
      'Evaluations submitted in a time range, optionally of one form, agent or evaluator, ordered by submission time then evaluation id, paged with `first`/`after` (keyset cursors).',
  })
  evaluations(@Args(() => EvaluationsArgs) { filter, first, after }: EvaluationsArgs, @Ctx() ctx: RequestContext): Promise<EvaluationPage> {
    return ctx.services.evaluations.listEvaluations(filter, first, after);
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'The evaluated contact (its latest CTR delivery), looked up in the 30 days before the evaluation; null when its CTR is not stored there.',
  })
  contact(@Root() evaluation: EvaluationRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> {
    return ctx.services.contacts.evaluatedContact(evaluation);
  }
}
