import { createHash } from 'node:crypto';
import { getNamedType, parse, print, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { instanceScopeKey, type Principal } from '../../../domain/principal';

/** Prefix of every response-cache key (also in Redis); the version changes when the entry format does. */
export const RESPONSE_CACHE_KEY_PREFIX = 'rc:v1:';

/**
 * Fields whose answer is live state (DynamoDB): a document selecting one is never cached whole.
 * Types listed here are live wherever they appear; `Type.field` entries name single fields.
 */
export const LIVE_SCHEMA_ELEMENTS: ReadonlySet<string> = new Set(['AgentState', 'QueueRealtime', 'Query.agentStates', 'Agent.state', 'Queue.realtime']);

/** What the cache needs to know about one query text: its normal form and its operations. */
export interface NormalizedDocument {
  /** `print(parse(text))`: whitespace, commas and comments do not matter. */
  readonly normalized: string;
  /** Operation name ('' for an anonymous one) → its type. */
  readonly operations: ReadonlyMap<string, OperationDefinitionNode['operation']>;
  /** Whether any operation or fragment of the document selects a live field ({@link LIVE_SCHEMA_ELEMENTS}). */
  readonly selectsLiveState: boolean;
}

/**
 * Normalizes query texts, remembering recent texts so a repeated request costs one map lookup instead
 * of a parse and a print. It runs before Apollo's limits, so it holds itself to them: parsing stops at
 * `maxTokens` (an over-long document is not worth caching; Apollo then refuses it with the limit's
 * error), and the memory holds at most `maxTextBytes` of query text, whatever the number of texts.
 */
export class DocumentNormalizer {
  private readonly memo: LRUCache<string, NormalizedDocument | 'invalid'>;
  private readonly maxTokens: number | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    options: { readonly maxTokens?: number; readonly maxEntries?: number; readonly maxTextBytes?: number } = {},
  ) {
    this.maxTokens = options.maxTokens;
    // Keys are the texts themselves (each up to the body limit): bound their total size, not only their number.
    this.memo = new LRUCache({ max: options.maxEntries ?? 1_000, maxSize: options.maxTextBytes ?? 4 * 1024 * 1024, sizeCalculation: (_value, key) => Math.max(1, key.length) });
  }

  /** The normal form of `text`, or undefined when it does not parse (Apollo then reports the error). */
  normalize(text: string): NormalizedDocument | undefined {
    const known = this.memo.get(text);
    if (known !== undefined) return known === 'invalid' ? undefined : known;
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true, ...(this.maxTokens === undefined ? {} : { maxTokens: this.maxTokens }) });
    } catch {
      this.memo.set(text, 'invalid');
      return undefined;
    }
    const normalized: NormalizedDocument = {
      normalized: print(document),
      operations: new Map(document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [[d.name?.value ?? '', d.operation] as const] : []))),
      selectsLiveState: selectsLiveState(this.schema, document),
    };
    this.memo.set(text, normalized);
    return normalized;
  }
}

/** Whether any selection of `document` (all operations and fragments: conservative) is a live field or has a live type. */
export function selectsLiveState(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let live = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if (parent && LIVE_SCHEMA_ELEMENTS.has(`${parent.name}.${node.name.value}`)) live = true;
        if (type && LIVE_SCHEMA_ELEMENTS.has(getNamedType(type).name)) live = true;
      },
    }),
  );
  return live;
}

/** The operation that runs: the named one, or the only one; undefined when GraphQL would refuse the request. */
export function operationTypeOf(document: NormalizedDocument, operationName: string | undefined): OperationDefinitionNode['operation'] | undefined {
  if (operationName) return document.operations.get(operationName);
  if (document.operations.size !== 1) return undefined;
  return document.operations.values().next().value;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` give one key. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * What a principal's answers depend on: its instance scope and its scopes (`@RequiresScope` refuses
 * fields, `@Pii` masks values by scope). Two principals with the same scope share cached answers.
 */
export function principalScopeKey(principal: Principal): string {
  return `${instanceScopeKey(principal.instances)}|${[...principal.scopes].sort().join(',')}`;
}

/** What one response-cache key is made of. */
export interface ResponseCacheKeyInput {
  /** Data and schema the answers come from (e.g. the engine's namespace and a schema hash). */
  readonly namespace: string;
  readonly document: NormalizedDocument;
  readonly operationName: string | undefined;
  readonly variables: unknown;
  readonly principal: Principal;
}

/** `rc:v1:` + SHA-256 of the namespace, normalized document, operation name, canonical variables and principal scope. */
export function responseCacheKey(input: ResponseCacheKeyInput): string {
  const material = JSON.stringify([input.namespace, input.document.normalized, input.operationName ?? '', canonicalJson(input.variables ?? {}), principalScopeKey(input.principal)]);
  return RESPONSE_CACHE_KEY_PREFIX + createHash('sha256').update(material).digest('base64url');
}
