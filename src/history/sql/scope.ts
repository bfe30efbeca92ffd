import { raw, sql, join, param, type SqlFragment } from './sql-fragment';

import { ALL_INSTANCES, type InstanceScope } from '../../domain/principal';

/** Which Connect instances a caller may read (the principal's {@link InstanceScope}). */
export type Scope = InstanceScope;

export { ALL_INSTANCES };

/** The bound predicate restricting rows to a scope; `column` is the instance ARN column. */
export function scopePredicate(scope: Scope, column: string): SqlFragment {
  if (scope.kind === 'all') return raw('TRUE');
  if (scope.instanceArns.length === 0) return raw('FALSE');
  return sql`${raw(column)} IN (${join(scope.instanceArns.map(param), ', ')})`;
}

/**
 * The bound predicate restricting rows to a scope when the table holds the instance *id* (the last
 * part of the instance ARN), as the Contact Lens and evaluation rows do.
 */
export function instanceIdScopePredicate(scope: Scope, column: string): SqlFragment {
  if (scope.kind === 'all') return raw('TRUE');
  if (scope.instanceArns.length === 0) return raw('FALSE');
  const ids = scope.instanceArns.map((arn) => arn.slice(arn.lastIndexOf('/') + 1));
  return sql`${raw(column)} IN (${join(ids.map(param), ', ')})`;
}

/**
 * The bound predicate restricting rows to a scope when the table holds only the ARN of a resource
 * inside the instance (e.g. a contact flow ARN `<instanceArn>/contact-flow/<id>`), as the flow logs
 * do: the ARN must start with `<instanceArn>/`. Written with `substr` (not LIKE, whose wildcards an
 * ARN could contain) so it reads the same on DuckDB and Trino.
 */
export function resourceArnScopePredicate(scope: Scope, expr: SqlFragment): SqlFragment {
  if (scope.kind === 'all') return raw('TRUE');
  if (scope.instanceArns.length === 0) return raw('FALSE');
  const prefixes = scope.instanceArns.map((arn) => `${arn}/`);
  return sql`(${join(prefixes.map((prefix) => sql`substr(${expr}, 1, ${prefix.length}) = ${prefix}`), ' OR ')})`;
}
