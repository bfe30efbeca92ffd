import type { NonEmptyArray } from 'type-graphql';
import { AgentResolver } from './agent.resolver';
import { AgentStateResolver } from './agent-state.resolver';
import { AgentStateContactResolver } from './agent-state-contact.resolver';
import { ContactResolver } from './contact.resolver';
import { EvaluationResolver } from './evaluation.resolver';
import { MetricsResolver, MetricsTableResolver } from './metrics.resolver';
import { QueueResolver } from './queue.resolver';
import { QueueRealtimeResolver } from './queue-realtime.resolver';
import { SystemResolver } from './system.resolver';
import { WorkloadResolver } from './workload.resolver';

/** Every resolver class of the schema. */
export const resolvers: NonEmptyArray<Function> = [AgentResolver, AgentStateResolver, AgentStateContactResolver, ContactResolver, EvaluationResolver, MetricsResolver, MetricsTableResolver, QueueResolver, QueueRealtimeResolver, SystemResolver, WorkloadResolver];
