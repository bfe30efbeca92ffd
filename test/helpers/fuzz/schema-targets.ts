/**
 * What the fuzz suite attacks, derived from the built schema so that a new field or argument is
 * covered without editing the suite: every field (root or nested) that takes arguments, a path of
 * fields from the root that reaches its parent type, valid argument values for that path, and a
 * selection set for its result.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { EnumToken, type FuzzValue } from './graphql-values';

/** The root operation a target's field hangs under. */
export type OperationKind = 'query' | 'subscription';

/** One step of a path from the root: a field and the (valid) argument values it is called with. */
export interface PathStep {
  readonly field: GraphQLField<unknown, unknown>;
  readonly args: Readonly<Record<string, FuzzValue>>;
}

/** A field that takes arguments: the fuzz suite sends it generated argument values. */
export interface FuzzTarget {
  /** Schema coordinate, e.g. `Agent.workload`. */
  readonly coordinate: string;
  readonly operation: OperationKind;
  readonly parentType: GraphQLObjectType;
  readonly field: GraphQLField<unknown, unknown>;
}

/** Every field of the schema's object types that takes at least one argument, roots first. */
export function fuzzTargets(schema: GraphQLSchema): FuzzTarget[] {
  const targets: FuzzTarget[] = [];
  const subscription = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      targets.push({ coordinate: `${type.name}.${field.name}`, operation: type === subscription ? 'subscription' : 'query', parentType: type, field });
    }
  }
  const rank = (t: FuzzTarget) => (t.parentType === schema.getQueryType() ? 0 : t.operation === 'subscription' ? 2 : 1);
  return targets.sort((a, b) => rank(a) - rank(b) || a.coordinate.localeCompare(b.coordinate));
}

/** Options of {@link validValue}: the data set's time range, so valid ranges read a little real data. */
export interface ValidValueOptions {
  /** ISO-8601 start of the data (`from` arguments). */
  readonly from: string;
  /** ISO-8601 end of the range to read (`to` arguments). */
  readonly to: string;
}

/**
 * A value the server should accept for an argument or input field of `type` named `name`: `from`/`to`
 * for date-times by name, 1 for integers (small pages), the first enum value, required input fields
 * only. Undefined when the argument may be left out (nullable, or has a default).
 */
export function validValue(type: GraphQLInputType, name: string, options: ValidValueOptions, hasDefault = false): FuzzValue | undefined {
  if (!isNonNullType(type) || hasDefault) {
    // Page sizes are set even when optional: a path through `agents(first: 1)` fans out to one parent, not fifty.
    return getNamedType(type).name === 'Int' && !isListType(isNonNullType(type) ? type.ofType : type) ? 1 : undefined;
  }
  const inner = type.ofType;
  if (isListType(inner)) {
    const item = validValue(inner.ofType, name, options);
    return item === undefined ? [] : [item];
  }
  if (isEnumType(inner)) return new EnumToken(inner.getValues()[0]!.name);
  if (isInputObjectType(inner)) {
    const value: Record<string, FuzzValue> = {};
    for (const field of Object.values(inner.getFields())) {
      const v = validValue(field.type, field.name, options, field.defaultValue !== undefined);
      if (v !== undefined) value[field.name] = v;
    }
    return value;
  }
  switch (inner.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return name === 'to' ? options.to : options.from;
    default:
      return name === 'timeZone' ? 'UTC' : 'x';
  }
}

/** Valid values for every argument of a field that needs one (see {@link validValue}). */
export function validArguments(field: GraphQLField<unknown, unknown>, options: ValidValueOptions): Record<string, FuzzValue> {
  const args: Record<string, FuzzValue> = {};
  for (const arg of field.args) {
    const v = validValue(arg.type, arg.name, options, arg.defaultValue !== undefined);
    if (v !== undefined) args[arg.name] = v;
  }
  return args;
}

/**
 * Candidate paths from the query root to `type` (fields returning objects, lists unwrapped), shortest
 * first, at most `maxLength` fields long and never through the same type twice. The suite probes them
 * against the server and keeps the first that reaches an object (see `pathData`).
 */
export function pathsTo(schema: GraphQLSchema, type: GraphQLObjectType, options: ValidValueOptions, maxLength = 3): PathStep[][] {
  const root = schema.getQueryType()!;
  if (type === root) return [[]];
  const found: PathStep[][] = [];
  let frontier: { type: GraphQLObjectType; path: PathStep[]; seen: Set<string> }[] = [{ type: root, path: [], seen: new Set([root.name]) }];
  for (let length = 1; length <= maxLength; length++) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      for (const field of Object.values(node.type.getFields())) {
        const named = getNamedType(field.type);
        if (!isObjectType(named) || node.seen.has(named.name)) continue;
        const path = [...node.path, { field, args: validArguments(field, options) }];
        if (named === type) found.push(path);
        else next.push({ type: named, path, seen: new Set([...node.seen, named.name]) });
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * A selection set for a field's result: `__typename`, every leaf field without required arguments,
 * and object fields without arguments down to `maxDepth` levels (so a connection reaches its nodes'
 * leaves). Empty for a leaf type.
 */
export function selectionFor(type: GraphQLObjectType | ReturnType<typeof getNamedType>, maxDepth = 3): string {
  const named = getNamedType(type);
  if (isLeafType(named) || !isObjectType(named)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some(requiredArgument)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (maxDepth > 1 && field.args.length === 0 && isObjectType(inner)) parts.push(`${field.name} ${selectionFor(inner, maxDepth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function requiredArgument(arg: GraphQLArgument): boolean {
  return isNonNullType(arg.type) && arg.defaultValue === undefined;
}

/**
 * Follows a path through response data: the value under each step's field, the first element of a
 * list. Undefined when the path does not reach an object (null, empty list, error).
 */
export function pathData(data: unknown, path: readonly PathStep[]): unknown {
  let current: unknown = data;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step.field.name];
    if (Array.isArray(current)) current = current[0];
  }
  return current ?? undefined;
}
