import { raw, sql, join, param, type SqlFragment } from './sql-fragment';

/** Which Connect instances a caller may read: every one, or a list of instance ARNs. */
export type Scope = { readonly kind: 'all' } | { readonly kind: 'instances'; readonly instanceArns: readonly string[] };

/** The scope that reads everything (the embedded stack has no authorization yet). */
export const ALL_INSTANCES: Scope = { kind: 'all' };

/** The bound predicate restricting rows to a scope; `column` is the instance ARN column. */
export function scopePredicate(scope: Scope, column: string): SqlFragment {
  if (scope.kind === 'all') return raw('TRUE');
  if (scope.instanceArns.length === 0) return raw('FALSE');
  return sql`${raw(column)} IN (${join(scope.instanceArns.map(param), ', ')})`;
}
