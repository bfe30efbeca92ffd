import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { attributeIgnoringCase, type ContactRecord } from '../src/domain/contact';
import type { RequestContext } from '../src/services/request-context';
import { ContactConnection } from '../schema/contact-connection.type';
import { ContactFilter } from '../schema/contact-filter.input';
import { Contact } from '../schema/contact.type';

/** Arguments of `Query.contacts`. */
@ArgsType()
class ContactsArgs {
  @Field(() => ContactFilter, { description: 'Which contacts: a time range on initiation time, plus optional queue, channel, agent and initiation method.' })
  filter: ContactFilter;

  @Field(() => Int, { defaultValue: 50, description: 'Page size: how many contacts to return (1 to the server\'s maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: 'Return contacts after this cursor (a previous page\'s pageInfo.endCursor).' })
  after?: string | null;
}

/** Root fields and relations of contacts. Thin: arguments to the contact service. */
@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => Contact, {
    nullable: true,
    description: 'One contact by its id: the latest delivery of its contact trace record. Null when no such contact exists.',
  })
  contact(@Arg('contactId', () => ID, { description: 'The contact id (CTR ContactId).' }) contactId: string, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> {
    return ctx.services.contacts.getContact(contactId);
  }

  @Query(() => ContactConnection, {
    description:
      'Contacts initiated in a time range, de-duplicated (one per contact id, the latest delivery), ordered by initiation time then contact id, paged with `first`/`after`.',
  })
  contacts(@Args(() => ContactsArgs) { filter, first, after }: ContactsArgs, @Ctx() ctx: RequestContext): Promise<ContactConnection> {
    return ctx.services.contacts.listContacts(filter, first, after);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The value of one contact attribute, looking the name up without regard to case (CallReason, callreason and CALLREASON are the same). Null when absent.',
  })
  attribute(@Root() contact: ContactRecord, @Arg('name', () => String, { description: 'Attribute name.' }) name: string): string | null {
    return attributeIgnoringCase(contact.attributes, name);
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The previous contact in the transfer chain (previousContactId), if any.' })
  previousContact(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> | null {
    return contact.previousContactId ? ctx.loaders.contactById.load(contact.previousContactId) : null;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The next contact in the transfer chain (nextContactId), if any.' })
  nextContact(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> | null {
    return contact.nextContactId ? ctx.loaders.contactById.load(contact.nextContactId) : null;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The first contact of the chain (initialContactId); null when this contact is the first.' })
  initialContact(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> | null {
    return contact.initialContactId && contact.initialContactId !== contact.contactId ? ctx.loaders.contactById.load(contact.initialContactId) : null;
  }
}
