import { Field, ObjectType } from 'type-graphql';
import { Contact } from './contact.type';
import { PageInfo } from './page-info.type';

/** An edge of a contact list. */
@ObjectType({ description: 'A contact in a list, with the cursor that points at it.' })
export class ContactEdge {
  @Field(() => String, { description: 'Opaque cursor of this contact; pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => Contact, { description: 'The contact.' })
  node: Contact;
}

/** A page of contacts (Relay connection). */
@ObjectType({ description: 'A page of contacts ordered by initiation time, then contact id (a Relay connection).' })
export class ContactConnection {
  @Field(() => [ContactEdge], { description: 'The contacts of this page.' })
  edges: ContactEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfo;
}
