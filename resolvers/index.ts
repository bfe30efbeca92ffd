import type { NonEmptyArray } from 'type-graphql';
import { AgentStateResolver } from './agent-state.resolver';
import { ContactResolver } from './contact.resolver';
import { QueueResolver } from './queue.resolver';
import { SystemResolver } from './system.resolver';

/** Every resolver class of the schema. */
export const resolvers: NonEmptyArray<Function> = [AgentStateResolver, ContactResolver, QueueResolver, SystemResolver];
