import { AUTH_SCOPES, instanceScopeOf, type AuthScope, type Principal } from '../../../domain/principal';
import { UnauthenticatedError } from '../../../domain/errors';

/** Which claims of a verified token give the principal (`AUTH_JWT_*_CLAIM`). */
export interface JwtClaimMapping {
  /** The principal's id; @default sub */
  readonly principalClaim: string;
  /** The scopes: a space-separated string (OAuth `scope`, Cognito) or an array; @default scope */
  readonly scopesClaim: string;
  /** The instance ARNs: an array or a space/comma-separated string, `*` for every instance; @default connect_instances */
  readonly instancesClaim: string;
}

/** The words of a claim that is either an array of strings or a string of separated words. */
function claimWords(value: unknown, separator: RegExp): string[] {
  const words = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? value.split(separator) : [];
  return words.map((word) => word.trim()).filter((word) => word.length > 0);
}

/**
 * The scope of this API a token scope stands for: the scope itself (`metrics:read`), or a scope
 * qualified by a resource server as Cognito access tokens carry custom scopes
 * (`https://analytics.example.com/metrics:read`, `analytics/metrics:read`). Anything else is not ours.
 */
export function scopeOfTokenScope(tokenScope: string): AuthScope | undefined {
  return AUTH_SCOPES.find((scope) => tokenScope === scope || tokenScope.endsWith(`/${scope}`));
}

/**
 * The principal of a verified token's claims. Unknown scopes are ignored (an IdP issues scopes for
 * other APIs too); a missing instances claim means no instance is visible.
 * @throws UnauthenticatedError when the principal claim is missing.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>, mapping: JwtClaimMapping): Principal {
  const id = claims[mapping.principalClaim];
  if (typeof id !== 'string' || id.trim().length === 0) {
    throw new UnauthenticatedError(`The token has no '${mapping.principalClaim}' claim naming its subject (AUTH_JWT_PRINCIPAL_CLAIM); send a token that has one.`);
  }
  const scopes = new Set<AuthScope>();
  for (const word of claimWords(claims[mapping.scopesClaim], /\s+/)) {
    const scope = scopeOfTokenScope(word);
    if (scope) scopes.add(scope);
  }
  const exp = claims.exp;
  return Object.freeze({
    id,
    method: 'jwt',
    scopes,
    instances: instanceScopeOf(claimWords(claims[mapping.instancesClaim], /[\s,]+/)),
    ...(typeof exp === 'number' && Number.isFinite(exp) ? { expiresAtMs: exp * 1000 } : {}),
  });
}
