import { Field, ObjectType } from 'type-graphql';

/** Relay page information. */
@ObjectType({ description: 'Pagination state of a list (Relay PageInfo). Lists are paged forward with `first` and `after`.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: 'True when this page was requested with `after` (items precede it).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor: string | null;
}
