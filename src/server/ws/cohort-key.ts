import { print, type DocumentNode } from 'graphql';
import { AUTH_SCOPES, hasScope, instanceScopeKey, type Principal } from '../../domain/principal';

/** What decides a subscription's results: equal inputs give equal frames, so they share one cohort. */
export interface CohortKeyInput {
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  readonly variableValues?: Readonly<Record<string, unknown>> | null;
  readonly principal: Principal;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` give the same text. */
function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The cohort key of a subscription: the normalized document (`print` drops whitespace and comments),
 * the operation name, the variables (keys sorted), the principal's instance scope
 * ({@link instanceScopeKey}) and its effective scopes (`admin` counted as every scope). Everything that
 * changes what a change looks like for a subscriber is in it — the instance filter, the field scope
 * checks and PII masking (`pii:read`) all depend only on those — so executing a change once with any
 * member's principal gives every member's answer. The principal's id is not in it: two keys with the
 * same rights share a cohort.
 */
export function cohortKeyOf(input: CohortKeyInput): string {
  const scopes = AUTH_SCOPES.filter((scope) => hasScope(input.principal, scope)).join(',');
  return [instanceScopeKey(input.principal.instances), scopes, input.operationName ?? '', stableJson(input.variableValues), print(input.document)].join('\n');
}
