import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, type PubSub } from 'type-graphql';
import { resolvers } from '../../../resolvers';
import { describeRequiredScopes, scopeAuthChecker } from './auth-checker';
import { applyPiiMasking } from './pii-masking';

/**
 * Builds the executable schema from the type-graphql classes: fields guarded by `@RequiresScope`
 * go through the one auth checker, fields marked `@Pii` through the one masking wrapper, and both
 * rules are appended to the fields' descriptions.
 * @param pubSub - publish/subscribe for topic-based subscriptions; @default an in-process one.
 */
export function buildAppSchema(pubSub: PubSub = createPubSub()): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, pubSub, authChecker: scopeAuthChecker }).then((schema) => {
    describeRequiredScopes(schema);
    applyPiiMasking(schema);
    describeRoot(schema.getQueryType(), 'Read the contact center: contacts (de-duplicated contact trace records) with their journey, Contact Lens analysis and evaluations; agents and queues with live state and statistics; Connect-style metrics; workload; evaluations.');
    describeRoot(schema.getSubscriptionType(), 'Live updates pushed over WebSocket (graphql-ws protocol) on the /graphql path.');
    return schema;
  });
}

/** type-graphql has no option for root type descriptions; they are user documentation too. */
function describeRoot(type: GraphQLObjectType | null | undefined, description: string): void {
  if (type) type.description = description;
}

/** The SDL committed as `schema/schema.graphql`: types sorted by name so the file is stable. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `# Generated from the type-graphql classes in schema/ and resolvers/ by \`npm run schema\`. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
