import type { NonEmptyArray } from 'type-graphql';
import { ContactResolver } from './contact.resolver';
import { SystemResolver } from './system.resolver';

/** Every resolver class of the schema. */
export const resolvers: NonEmptyArray<Function> = [ContactResolver, SystemResolver];
