import { ForbiddenError } from '../../../domain/errors';
import { AUTH_SCOPE_MEANING, hasScope, type AuthScope, type Principal } from '../../../domain/principal';

/**
 * The refusal of a request whose principal lacks `scope` (`admin` holds every scope), or undefined when
 * it may go on. HTTP-free: the Node server's `requireScope` middleware and the GraphQL Lambda's
 * `/reports` routes answer it (403 `FORBIDDEN`, `extensions.scope`) with the same message.
 */
export function missingScopeError(principal: Principal, scope: AuthScope): ForbiddenError | undefined {
  if (hasScope(principal, scope)) return undefined;
  return new ForbiddenError(`This request needs the scope '${scope}' (${AUTH_SCOPE_MEANING[scope]}); the credential of '${principal.id}' does not have it. Ask for a key or token with '${scope}'.`, { scope });
}
