/**
 * Argument values of the fuzz suite and how they are sent: as variables (JSON) or inline in the
 * operation (GraphQL literals), and the operation text that carries them.
 */
import type { GraphQLArgument } from 'graphql';
import type { OperationKind, PathStep } from './schema-targets';

/** An enum value: written bare in a literal (`FIFTEEN_MIN`), a string in variables. */
export class EnumToken {
  constructor(readonly name: string) {}
  toJSON(): string {
    return this.name;
  }
}

/** A generated argument value. Numbers may be NaN or ±Infinity (literals `NaN`, variables `null`). */
export type FuzzValue = null | boolean | number | string | EnumToken | FuzzValue[] | { [field: string]: FuzzValue };

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The value as a GraphQL literal. Strings are JSON-escaped (GraphQL string escapes are JSON's). */
export function toLiteral(value: FuzzValue): string {
  if (value === null) return 'null';
  if (value instanceof EnumToken) return NAME.test(value.name) ? value.name : JSON.stringify(value.name);
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : String(value).replace('-', '');
    case 'string':
      return JSON.stringify(value);
    default:
      return `{${Object.entries(value)
        .filter(([field]) => NAME.test(field))
        .map(([field, v]) => `${field}: ${toLiteral(v)}`)
        .join(', ')}}`;
  }
}

/** How one argument travels: as a `$variable` or inline. */
export type Carrier = 'variable' | 'literal';

/** One argument of a fuzzed call. */
export interface FuzzArgument {
  readonly arg: GraphQLArgument;
  readonly value: FuzzValue;
  readonly carrier: Carrier;
}

/** A request body: the operation and its variables. */
export interface FuzzRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

function argumentList(entries: readonly (readonly [string, string])[]): string {
  return entries.length === 0 ? '' : `(${entries.map(([name, text]) => `${name}: ${text}`).join(', ')})`;
}

/**
 * The operation that calls the path's fields with their valid arguments and, at its end, the target
 * field with the fuzzed arguments (each as a variable or a literal), selecting `selection`.
 */
export function fuzzRequest(operation: OperationKind, path: readonly PathStep[], fieldName: string, args: readonly FuzzArgument[], selection: string): FuzzRequest {
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const targetArgs = args.map(({ arg, value, carrier }, i) => {
    if (carrier === 'literal') return [arg.name, toLiteral(value)] as const;
    declarations.push(`$a${i}: ${String(arg.type)}`);
    // JSON round trip: EnumToken becomes its name, NaN and Infinity become null, as a client would send them.
    variables[`a${i}`] = JSON.parse(JSON.stringify(value ?? null)) as unknown;
    return [arg.name, `$a${i}`] as const;
  });
  let body = `${fieldName}${argumentList(targetArgs)} ${selection}`;
  for (const step of [...path].reverse()) {
    body = `${step.field.name}${argumentList(Object.entries(step.args).map(([name, v]) => [name, toLiteral(v)] as const))} { ${body} }`;
  }
  const header = declarations.length > 0 ? `${operation} Fuzz(${declarations.join(', ')})` : `${operation} Fuzz`;
  return { query: `${header} { ${body} }`, variables };
}

/** Every string inside a value (the texts a response may echo back). */
export function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value instanceof EnumToken) into.push(value.name);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [field, v] of Object.entries(value)) {
      into.push(field);
      stringsOf(v, into);
    }
  }
  return into;
}
