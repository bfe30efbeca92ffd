import { buildSchema } from 'graphql';
import { ALL_INSTANCES, instanceScopeOf, type AuthScope, type Principal } from '../../../../../src/domain/principal';
import { canonicalJson, DocumentNormalizer, operationTypeOf, principalScopeKey, responseCacheKey } from '../../../../../src/server/graphql/response-cache/response-cache-key';

const schema = buildSchema(`
  type Query { metrics(from: String): [Row!]! agents: [Agent!]! agentStates: [AgentState!]! queue: Queue }
  type Row { name: String value: Float }
  type Agent { username: String state: AgentState }
  type AgentState { activity: String }
  type Queue { name: String realtime: QueueRealtime }
  type QueueRealtime { contactsInQueue: Int }
`);

const principal = (scopes: AuthScope[], arns?: string[], id = 'p'): Principal => ({ id, method: 'apikey', scopes: new Set(scopes), instances: arns ? instanceScopeOf(arns) : ALL_INSTANCES });

describe('DocumentNormalizer', () => {
  const normalizer = new DocumentNormalizer(schema);

  it('gives one normal form whatever the whitespace, commas and comments', () => {
    const a = normalizer.normalize('{ metrics(from: "x") { name value } }')!;
    const b = normalizer.normalize('# a dashboard\n{\n  metrics( from:"x" ) {\n    name,\n    value # the number\n  }\n}\n')!;
    expect(a.normalized).toBe(b.normalized);
    expect(normalizer.normalize('{ metrics(from: "x") { value name } }')!.normalized).not.toBe(a.normalized);
  });

  it('answers undefined for a text that does not parse, and remembers it', () => {
    expect(normalizer.normalize('{ metrics(')).toBeUndefined();
    expect(normalizer.normalize('{ metrics(')).toBeUndefined();
  });

  it('stops parsing at maxTokens: a document over the limit is left to Apollo, which refuses it', () => {
    const limited = new DocumentNormalizer(schema, { maxTokens: 20 });
    expect(limited.normalize('{ metrics(from: "x") { name } }')).toBeDefined();
    expect(limited.normalize(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: metrics { name }`).join(' ')} }`)).toBeUndefined();
  });

  it('tells which documents select live state, in fields, types or fragments', () => {
    expect(normalizer.normalize('{ metrics { name } agents { username } }')!.selectsLiveState).toBe(false);
    expect(normalizer.normalize('{ agentStates { activity } }')!.selectsLiveState).toBe(true);
    expect(normalizer.normalize('{ agents { username state { activity } } }')!.selectsLiveState).toBe(true);
    expect(normalizer.normalize('{ queue { realtime { contactsInQueue } } }')!.selectsLiveState).toBe(true);
    expect(normalizer.normalize('query A { metrics { name } } query B { agents { ...F } } fragment F on Agent { state { activity } }')!.selectsLiveState).toBe(true);
  });

  it('finds the type of the operation that runs', () => {
    const two = normalizer.normalize('query A { metrics { name } } subscription B { agents { username } }')!;
    expect(operationTypeOf(two, 'A')).toBe('query');
    expect(operationTypeOf(two, 'B')).toBe('subscription');
    expect(operationTypeOf(two, undefined)).toBeUndefined();
    expect(operationTypeOf(two, 'C')).toBeUndefined();
    expect(operationTypeOf(normalizer.normalize('{ metrics { name } }')!, undefined)).toBe('query');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ from: 'x', to: 'y' })).toBe(canonicalJson({ to: 'y', from: 'x' }));
  });
});

describe('responseCacheKey', () => {
  const normalizer = new DocumentNormalizer(schema);
  const document = normalizer.normalize('query Q($from: String) { metrics(from: $from) { name } }')!;
  const keyOf = (overrides: Partial<Parameters<typeof responseCacheKey>[0]> = {}) =>
    responseCacheKey({ namespace: 'duckdb:/data', document, operationName: 'Q', variables: { from: 'a' }, principal: principal(['metrics:read']), ...overrides });

  it('is equal for equal documents, variables in any order, and principals with the same scope', () => {
    const spaced = normalizer.normalize('query Q( $from : String ) {\n metrics(from: $from) { name }\n}')!;
    expect(keyOf({ document: spaced })).toBe(keyOf());
    expect(keyOf({ variables: { from: 'a', extra: undefined } })).toBe(keyOf());
    expect(keyOf({ principal: principal(['metrics:read'], undefined, 'someone else') })).toBe(keyOf());
    expect(keyOf()).toMatch(/^rc:v1:[\w-]{43}$/);
  });

  it('differs by variables, operation name, namespace, scopes and instances', () => {
    const base = keyOf();
    expect(keyOf({ variables: { from: 'b' } })).not.toBe(base);
    expect(keyOf({ operationName: undefined })).not.toBe(base);
    expect(keyOf({ namespace: 'athena:wg:db' })).not.toBe(base);
    expect(keyOf({ principal: principal(['metrics:read', 'pii:read']) })).not.toBe(base);
    expect(keyOf({ principal: principal(['metrics:read'], ['arn:aws:connect:us-east-1:1:instance/a']) })).not.toBe(base);
  });

  it('names a principal scope by its instances and sorted scopes', () => {
    expect(principalScopeKey(principal(['pii:read', 'metrics:read'], ['b', 'a']))).toBe('a,b|metrics:read,pii:read');
    expect(principalScopeKey(principal(['admin']))).toBe('*|admin');
  });
});
