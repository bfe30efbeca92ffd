import type { GraphQLSchema } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import { ForbiddenError } from '../../domain/errors';
import { hasScope, isAuthScope, type AuthScope } from '../../domain/principal';
import type { RequestContext } from '../../services/request-context';
import { REQUIRED_SCOPES_EXTENSION } from '../../../schema/auth.decorators';
import { appendDescription, objectFieldsOf } from './schema-fields';

/**
 * The one auth checker of the schema (type-graphql `authChecker`): a field guarded by
 * `@RequiresScope(...)` resolves when the request's principal holds one of its scopes (`admin` holds
 * every scope). Otherwise it throws FORBIDDEN naming the scope — thrown rather than returning false so
 * the error is ours (code, message, `extensions.scope`), not type-graphql's generic one.
 */
export const scopeAuthChecker: AuthChecker<RequestContext, AuthScope> = ({ context, info }, scopes) => {
  if (scopes.length === 0 || scopes.some((scope) => hasScope(context.principal, scope))) return true;
  const field = `${info.parentType.name}.${info.fieldName}`;
  const needed = scopes.map((s) => `\`${s}\``).join(' or ');
  throw new ForbiddenError(`${field} requires scope ${needed}; the credential of this request does not grant it. Ask for a key or token with that scope.`, {
    scope: scopes.join(' '),
    field,
  });
};

/** The sentence a guarded field's description ends with. */
export function requiredScopesDescription(scopes: readonly AuthScope[]): string {
  return scopes.length === 1 ? `Requires scope \`${scopes[0]}\`.` : `Requires one of the scopes ${scopes.map((s) => `\`${s}\``).join(', ')}.`;
}

/** The scopes a field of the built schema requires (from `@RequiresScope`), or undefined when it is not guarded. */
export function requiredScopesOf(extensions: Readonly<Record<string, unknown>> | null | undefined): AuthScope[] | undefined {
  const value = extensions?.[REQUIRED_SCOPES_EXTENSION];
  if (!Array.isArray(value)) return undefined;
  return value.filter((s): s is AuthScope => typeof s === 'string' && isAuthScope(s));
}

/**
 * Appends "Requires scope …" to the description of every guarded field, so the schema (user
 * documentation) states what each field needs without a second, hand-written copy of the scope.
 */
export function describeRequiredScopes(schema: GraphQLSchema): void {
  for (const { field } of objectFieldsOf(schema)) {
    const scopes = requiredScopesOf(field.extensions);
    if (scopes !== undefined) appendDescription(field, requiredScopesDescription(scopes));
  }
}
