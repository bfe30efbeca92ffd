import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../resolvers';

/** Builds the executable schema from the type-graphql classes. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false });
}

/** The SDL committed as `schema/schema.graphql`: types sorted by name so the file is stable. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `# Generated from the type-graphql classes in schema/ and resolvers/ by \`npm run schema\`. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
