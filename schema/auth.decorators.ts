import { Authorized, Extensions } from 'type-graphql';
import type { AuthScope } from '../src/domain/principal';
import type { PiiKind } from '../src/domain/pii';

/** Field extension naming the scopes of a guarded field (read to document it in its description). */
export const REQUIRED_SCOPES_EXTENSION = 'requiredScopes';
/** Field extension naming how a personal-data field is masked without `pii:read`. */
export const PII_EXTENSION = 'pii';

type FieldDecorator = (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => void;

/**
 * Guards a field with type-graphql's `@Authorized`: the caller needs one of `scopes` (admin holds
 * all). The auth checker (src/server/graphql/auth-checker.ts) decides; the scopes are also recorded
 * as a field extension so the schema's description of the field names them.
 */
export function RequiresScope(...scopes: [AuthScope, ...AuthScope[]]): FieldDecorator {
  const authorized = Authorized<AuthScope>(...scopes) as FieldDecorator;
  const extensions = Extensions({ [REQUIRED_SCOPES_EXTENSION]: scopes }) as FieldDecorator;
  return (target, key, descriptor) => {
    authorized(target, key, descriptor);
    extensions(target, key, descriptor);
  };
}

/**
 * Marks a field as personal data: without `pii:read` it is masked as `kind` says (see
 * src/domain/pii.ts). The masking itself is applied to every marked field in one place
 * (src/server/graphql/pii-masking.ts).
 */
export function Pii(kind: PiiKind): FieldDecorator {
  return Extensions({ [PII_EXTENSION]: kind }) as FieldDecorator;
}
