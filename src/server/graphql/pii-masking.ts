import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { isPiiKind, maskPii, piiDescription, type PiiKind } from '../../domain/pii';
import { hasScope } from '../../domain/principal';
import type { RequestContext } from '../../services/request-context';
import { PII_EXTENSION } from '../../../schema/auth.decorators';
import { appendDescription, objectFieldsOf } from './schema-fields';

/** The PII kind a field of the built schema is marked with (`@Pii(kind)`), or undefined. */
export function piiKindOf(extensions: Readonly<Record<string, unknown>> | null | undefined): PiiKind | undefined {
  const value = extensions?.[PII_EXTENSION];
  if (value === undefined) return undefined;
  if (!isPiiKind(value)) throw new Error(`Unknown PII kind ${String(value)} in a field's extensions`);
  return value;
}

/**
 * The one place PII is masked: wraps the resolver of every field marked `@Pii(kind)` so that, for a
 * principal without `pii:read`, the value goes through {@link maskPii} before anything else sees it,
 * and appends the masking rule to the field's description. Fields not marked are left untouched
 * (no cost on the hot path).
 */
export function applyPiiMasking(schema: GraphQLSchema): void {
  for (const { field } of objectFieldsOf(schema)) {
    const kind = piiKindOf(field.extensions);
    if (kind === undefined) continue;
    field.resolve = maskingResolver(kind, field.resolve ?? defaultFieldResolver);
    appendDescription(field, piiDescription(kind));
  }
}

function maskingResolver(kind: PiiKind, resolve: GraphQLFieldResolver<unknown, RequestContext>): GraphQLFieldResolver<unknown, RequestContext> {
  return (source, args: Record<string, unknown>, context, info) => {
    const value: unknown = resolve(source, args, context, info);
    if (hasScope(context.principal, 'pii:read')) return value;
    const mask = (v: unknown): unknown => maskPii(kind, v, { args, allowlist: context.piiAttributeAllowlist });
    return value instanceof Promise ? value.then(mask) : mask(value);
  };
}
