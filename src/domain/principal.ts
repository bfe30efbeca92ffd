/**
 * Who is asking, and what they may do: the principal of one request, built by the authentication
 * layer (src/server/auth) from an API key, a JWT, or the anonymous local mode, and read by the
 * auth checker, the readers' instance scope, PII masking, limits and ingest.
 */

/**
 * The permissions a principal may hold. Each GraphQL field names the scope it needs in its
 * description; `admin` implies every other scope.
 */
export const AUTH_SCOPES = ['metrics:read', 'contacts:read', 'pii:read', 'live:read', 'ingest:write', 'admin'] as const;

/** One permission; see {@link AUTH_SCOPES}. */
export type AuthScope = (typeof AUTH_SCOPES)[number];

/** What each scope allows, for documentation (README, schema descriptions, SECURITY.md). */
export const AUTH_SCOPE_MEANING: Readonly<Record<AuthScope, string>> = {
  'metrics:read': 'aggregates only: metrics, statistics, workload, agent and queue directories',
  'contacts:read': 'contact-level rows: contacts, their journeys, Contact Lens, evaluations',
  'pii:read': 'unmasked customer data: endpoint addresses, recordings, transcripts, free-text attributes',
  'live:read': 'live agent and queue state and subscriptions',
  'ingest:write': 'POST /ingest/agent-events',
  admin: 'everything above, plus /metrics and extensions.stats',
};

/** Which Connect instances a principal may read: every one, or a list of instance ARNs. */
export type InstanceScope = { readonly kind: 'all' } | { readonly kind: 'instances'; readonly instanceArns: readonly string[] };

/** The scope that reads every instance (anonymous local mode, `"*"` keys, admin tooling). */
export const ALL_INSTANCES: InstanceScope = { kind: 'all' };

/** The caller of one request. */
export interface Principal {
  /** A stable name for logs and rate limits (API key `principal`, JWT `sub`, or `anonymous`). */
  readonly id: string;
  /** How the principal was authenticated. */
  readonly method: 'none' | 'apikey' | 'jwt' | 'iam' | 'link';
  readonly scopes: ReadonlySet<AuthScope>;
  readonly instances: InstanceScope;
  /** When the credential stops being valid (JWT `exp`, signed link expiry), epoch ms; checked again on long-lived WebSockets. */
  readonly expiresAtMs?: number;
}

/** The principal of `AUTH_MODE=none`: every scope, every instance. */
export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({
  id: 'anonymous',
  method: 'none',
  scopes: new Set<AuthScope>(AUTH_SCOPES),
  instances: ALL_INSTANCES,
});

/** Whether the principal holds the scope (`admin` holds every scope). */
export function hasScope(principal: Principal, scope: AuthScope): boolean {
  return principal.scopes.has(scope) || principal.scopes.has('admin');
}

/** Whether a scope name is one this service knows (unknown names in keys or tokens are ignored). */
export function isAuthScope(name: string): name is AuthScope {
  return (AUTH_SCOPES as readonly string[]).includes(name);
}

/**
 * The instance scope of a list of instance ARNs as keys and tokens give it: `"*"` anywhere means
 * every instance; otherwise exactly the ARNs listed (none: nothing is visible).
 */
export function instanceScopeOf(arns: readonly string[]): InstanceScope {
  if (arns.includes('*')) return ALL_INSTANCES;
  return { kind: 'instances', instanceArns: [...new Set(arns)] };
}

/** Whether an instance ARN is inside a scope. */
export function scopeIncludes(scope: InstanceScope, instanceArn: string | undefined | null): boolean {
  if (scope.kind === 'all') return true;
  return instanceArn !== undefined && instanceArn !== null && scope.instanceArns.includes(instanceArn);
}

/** A stable string of a scope, for cache keys and cohort keys (sorted ARNs). */
export function instanceScopeKey(scope: InstanceScope): string {
  return scope.kind === 'all' ? '*' : [...scope.instanceArns].sort().join(',');
}
