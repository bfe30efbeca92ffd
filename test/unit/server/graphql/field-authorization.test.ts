import 'reflect-metadata';
import {
  execute,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  subscribe,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ForbiddenError } from '../../../../src/domain/errors';
import { PiiAttributeAllowlist } from '../../../../src/domain/pii';
import { AUTH_SCOPES, type AuthScope, type Principal } from '../../../../src/domain/principal';
import { requiredScopesDescription, requiredScopesOf } from '../../../../src/server/graphql/auth-checker';
import { buildAppSchema } from '../../../../src/server/graphql/schema';

/** A value for an argument of `type`: the required fields of inputs, the first enum value, a plausible scalar. */
function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sampleValue(f.type)]));
  }
  if (isScalarType(type)) {
    if (type.name === 'Int' || type.name === 'Float') return 1;
    if (type.name === 'Boolean') return true;
    if (type.name === 'DateTimeISO') return '2026-11-19T00:00:00Z';
    return 'x';
  }
  throw new Error(`no sample for ${String(type)}`);
}

/** A one-field operation on a root field with every required argument as a variable. */
function operationOn(operation: 'query' | 'subscription', field: GraphQLField<unknown, unknown>): { document: ReturnType<typeof parse>; variables: Record<string, unknown> } {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const declarations = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const text = `${operation}${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  return { document: parse(text), variables: Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type)])) };
}

/** A context whose services and loaders throw when touched: a field that gets past the auth checker says so. */
function contextOf(scopes: AuthScope[]): Record<string, unknown> {
  const reached = new Proxy({}, { get: () => { throw new Error('REACHED_RESOLVER'); } });
  const principal: Principal = { id: 'test', method: 'apikey', scopes: new Set(scopes), instances: { kind: 'all' } };
  return { principal, piiAttributeAllowlist: new PiiAttributeAllowlist(), services: reached, loaders: reached, stats: reached, logger: reached, requestId: 'r' };
}

async function errorsOf(schema: GraphQLSchema, operation: 'query' | 'subscription', field: GraphQLField<unknown, unknown>, scopes: AuthScope[]): Promise<readonly { originalError?: Error | null; message: string }[]> {
  const { document, variables } = operationOn(operation, field);
  const result = operation === 'query' ? await execute({ schema, document, variableValues: variables, contextValue: contextOf(scopes) }) : await subscribe({ schema, document, variableValues: variables, contextValue: contextOf(scopes) });
  if (Symbol.asyncIterator in result) {
    await result.return?.();
    return [];
  }
  return result.errors ?? [];
}

const rootFields = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});

describe('field authorization (one auth checker over @RequiresScope)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('guards every root field with a scope and names it in the field\'s description', () => {
    const roots = [schema.getQueryType(), schema.getSubscriptionType()];
    const problems: string[] = [];
    for (const root of roots) {
      for (const field of rootFields(root)) {
        const scopes = requiredScopesOf(field.extensions);
        if (!scopes || scopes.length === 0) problems.push(`${root!.name}.${field.name}: no @RequiresScope`);
        else if (!field.description?.endsWith(requiredScopesDescription(scopes))) problems.push(`${root!.name}.${field.name}: description does not name ${scopes.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('maps fields to scopes as documented (README: Scopes)', () => {
    const guarded: Record<string, string> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const scopes = requiredScopesOf(field.extensions);
        if (scopes) guarded[`${type.name}.${field.name}`] = scopes.join(' | ');
      }
    }
    expect(guarded).toEqual({
      'Query.agent': 'metrics:read',
      'Query.agents': 'metrics:read',
      'Query.queue': 'metrics:read',
      'Query.queues': 'metrics:read',
      'Query.metrics': 'metrics:read',
      'Query.metricDefinitions': 'metrics:read',
      'Query.workload': 'metrics:read',
      'Query.contact': 'contacts:read',
      'Query.contacts': 'contacts:read',
      'Query.evaluations': 'contacts:read',
      'Query.agentStates': 'live:read',
      'Query.serverTime': 'metrics:read | contacts:read | live:read',
      'Subscription.agentStateChanged': 'live:read',
      'Subscription.queueRealtimeChanged': 'live:read',
      'Subscription.serverTimeTicks': 'live:read',
      'Agent.state': 'live:read',
      'Agent.contacts': 'contacts:read',
      'Agent.statusHistory': 'metrics:read',
      'Agent.statistics': 'metrics:read',
      'Agent.workload': 'metrics:read',
      'Queue.statistics': 'metrics:read',
      'Queue.realtime': 'live:read',
      'Queue.contacts': 'contacts:read',
      'Contact.agent': 'metrics:read',
      'Contact.queue': 'metrics:read',
      'Contact.previousContact': 'contacts:read',
      'Contact.nextContact': 'contacts:read',
      'Contact.initialContact': 'contacts:read',
      'Contact.transfers': 'contacts:read',
      'Contact.journey': 'contacts:read',
      'Contact.dtmfInputs': 'contacts:read',
      'Contact.analysis': 'contacts:read',
      'Contact.evaluations': 'contacts:read',
      'Evaluation.contact': 'contacts:read',
      'AgentStateContact.contact': 'contacts:read',
    });
  });

  it('refuses every root field to a principal without its scope with FORBIDDEN naming the scope, before any resolver runs', async () => {
    for (const [operation, root] of [['query', schema.getQueryType()], ['subscription', schema.getSubscriptionType()]] as const) {
      for (const field of rootFields(root)) {
        const scopes = requiredScopesOf(field.extensions)!;
        const others = AUTH_SCOPES.filter((s) => s !== 'admin' && !scopes.includes(s));
        const errors = await errorsOf(schema, operation, field, others);
        expect({ field: field.name, errors: errors.length }).toEqual({ field: field.name, errors: 1 });
        const error = errors[0]!.originalError;
        expect(error).toBeInstanceOf(ForbiddenError);
        expect((error as ForbiddenError).data).toEqual({ scope: scopes.join(' '), field: `${root!.name}.${field.name}` });
        expect(error!.message).toContain(`\`${scopes[0]}\``);
      }
    }
  });

  it('lets a principal holding the scope (or admin) through to the resolver', async () => {
    for (const [operation, root] of [['query', schema.getQueryType()], ['subscription', schema.getSubscriptionType()]] as const) {
      for (const field of rootFields(root)) {
        const scopes = requiredScopesOf(field.extensions)!;
        for (const held of [[scopes[0]!], ['admin' as const]]) {
          const errors = await errorsOf(schema, operation, field, held);
          expect({ field: field.name, held, forbidden: errors.filter((e) => e.originalError instanceof ForbiddenError).map((e) => e.message) }).toEqual({ field: field.name, held, forbidden: [] });
        }
      }
    }
  });
});
