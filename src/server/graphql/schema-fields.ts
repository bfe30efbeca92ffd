import { isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';

// The context type of a field is whatever its resolver declares (graphql-js types it `any`).
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Every field of the schema's own object types (introspection types left out), with its type's name. */
export function* objectFieldsOf(schema: GraphQLSchema): Generator<{ readonly typeName: string; readonly field: GraphQLField<unknown, any> }> {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) yield { typeName: type.name, field };
  }
}

/** Appends a sentence to a field's description (the schema's descriptions are user documentation). */
export function appendDescription(field: GraphQLField<unknown, any>, sentence: string): void {
  field.description = field.description ? `${field.description} ${sentence}` : sentence;
}
