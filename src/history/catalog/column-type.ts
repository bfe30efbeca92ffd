/**
 * The catalog's type language: enough to describe the Glue (Hive) types of the Connect tables and
 * to render them for each engine.
 */
export type ColumnType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'double' }
  | { readonly kind: 'float' }
  | { readonly kind: 'boolean' }
  /** A JSON object stored in a `string` Glue column (CTR `Attributes`, AE `NextAgentStatus`). */
  | { readonly kind: 'json' }
  | { readonly kind: 'struct'; readonly fields: readonly Field[] }
  | { readonly kind: 'array'; readonly of: ColumnType };

/** A named column or struct field. `name` is the key as the JSON on disk spells it (PascalCase for CTR). */
export interface Field {
  readonly name: string;
  readonly type: ColumnType;
}

/** Builders that keep table definitions short. */
export const t = {
  string: { kind: 'string' } as ColumnType,
  int: { kind: 'int' } as ColumnType,
  bigint: { kind: 'bigint' } as ColumnType,
  double: { kind: 'double' } as ColumnType,
  float: { kind: 'float' } as ColumnType,
  boolean: { kind: 'boolean' } as ColumnType,
  json: { kind: 'json' } as ColumnType,
  struct: (fields: Record<string, ColumnType>): ColumnType => ({
    kind: 'struct',
    fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
  }),
  array: (of: ColumnType): ColumnType => ({ kind: 'array', of }),
};

/** Renders a type as DuckDB SQL (struct field names quoted so their case is kept). */
export function toDuckDbType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'float':
      return 'FLOAT';
    case 'boolean':
      return 'BOOLEAN';
    case 'json':
      return 'JSON';
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `"${f.name}" ${toDuckDbType(f.type)}`).join(', ')})`;
    case 'array':
      return `${toDuckDbType(type.of)}[]`;
  }
}

/** Renders a type as a Glue/Hive type string with lower-cased field names, as the OpenX JSON SerDe sees them. */
export function toGlueType(type: ColumnType): string {
  switch (type.kind) {
    case 'json':
      return 'string';
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name.toLowerCase()}:${toGlueType(f.type)}`).join(',')}>`;
    case 'array':
      return `array<${toGlueType(type.of)}>`;
    default:
      return type.kind;
  }
}
