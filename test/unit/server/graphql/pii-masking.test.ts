import 'reflect-metadata';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { PiiAttributeAllowlist, type PiiKind } from '../../../../src/domain/pii';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../../../src/domain/principal';
import { piiKindOf } from '../../../../src/server/graphql/pii-masking';
import { buildAppSchema } from '../../../../src/server/graphql/schema';

/** A sample personal value of each kind, as the field's source object holds it. */
const SAMPLES: Record<PiiKind, { source: (field: string) => Record<string, unknown>; args: Record<string, unknown>; masked: unknown; shown: unknown }> = {
  endpoint: { source: (f) => ({ [f]: '+12065551234' }), args: {}, masked: '+*******1234', shown: '+12065551234' },
  redact: { source: (f) => ({ [f]: 'secret' }), args: {}, masked: null, shown: 'secret' },
  object: { source: (f) => ({ [f]: { Name: 'Jane Doe' } }), args: {}, masked: {}, shown: { Name: 'Jane Doe' } },
  attributes: { source: (f) => ({ [f]: { CallReason: 'Billing', CustomerName: 'Jane' } }), args: {}, masked: { CallReason: 'Billing' }, shown: { CallReason: 'Billing', CustomerName: 'Jane' } },
  attribute: { source: () => ({ attributes: { CallReason: 'Billing', CustomerName: 'Jane' } }), args: { name: 'CustomerName' }, masked: null, shown: 'Jane' },
};

/**
 * Every field marked @Pii, resolved straight through the built schema's resolver (whatever kind of
 * resolver it has): masked without pii:read, shown with it. Covers fields the demo data never fills.
 */
describe('the schema\'s PII masking wrapper', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('masks every marked field for a principal without pii:read, and only for it', async () => {
    const withoutPii: Principal = { ...ANONYMOUS_PRINCIPAL, scopes: new Set(['contacts:read']) };
    let fields = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const kind = piiKindOf(field.extensions);
        if (!kind) continue;
        fields++;
        const sample = SAMPLES[kind];
        const info = { fieldName: field.name, parentType: type, returnType: field.type, path: { key: field.name, prev: undefined }, schema } as unknown as GraphQLResolveInfo;
        const resolveAs = (principal: Principal) =>
          Promise.resolve(field.resolve!(sample.source(field.name), sample.args, { principal, piiAttributeAllowlist: new PiiAttributeAllowlist(['CallReason']) }, info));
        expect({ field: `${type.name}.${field.name}`, value: await resolveAs(withoutPii) }).toEqual({ field: `${type.name}.${field.name}`, value: sample.masked });
        expect({ field: `${type.name}.${field.name}`, value: await resolveAs(ANONYMOUS_PRINCIPAL) }).toEqual({ field: `${type.name}.${field.name}`, value: sample.shown });
      }
    }
    expect(fields).toBeGreaterThanOrEqual(11);
  });
});
