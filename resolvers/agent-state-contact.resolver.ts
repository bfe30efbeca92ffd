import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ContactRecord } from '../src/domain/contact';
import type { RequestContext } from '../src/services/request-context';
import { AgentStateContact } from '../schema/agent-state.type';
import { Contact } from '../schema/contact.type';
import { RequiresScope } from '../schema/auth.decorators';

/**
 * The history behind a live contact: lets a dashboard show the call reason (a contact attribute) of
 * the contact an agent is on, as the Data Analytics Sample's agent status dashboard does.
 */
@Resolver(() => AgentStateContact)
export class AgentStateContactResolver {
  @RequiresScope('contacts:read')
  @FieldResolver(() => Contact, {
    nullable: true,
    description:
      'The contact as its contact trace record describes it (attributes such as CallReason, queue, journey …), looked up by contact id in the CONTACT_LOOKUP_MAX_DAYS days up to `since` (batched with the other contacts of the response). Null until Connect has delivered a CTR for it, which it does when the contact ends.',
  })
  contact(@Root() contact: AgentStateContact, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> {
    return ctx.services.contacts.liveContact(contact);
  }
}
