/**
 * PII masking: what a caller without the `pii:read` scope sees of a field marked as personal data.
 * Fields are marked declaratively in schema/ (`@Pii(kind)`); one wrapper in src/server/graphql
 * applies {@link maskPii} to every marked field, so no resolver masks by hand.
 */

import { ForbiddenError } from './errors';
import { hasScope, type Principal } from './principal';

/**
 * How a personal-data field is masked:
 * - `endpoint`: an address (phone number, e-mail) keeps its last 4 characters ({@link maskEndpointAddress});
 * - `redact`: null (recording and media locations, free text);
 * - `object`: an empty JSON object (free-form JSON that may carry customer data);
 * - `attributes`: the contact attributes object, only the allowlisted keys kept;
 * - `attribute`: one attribute value (the field's `name` argument), null unless its name is allowlisted.
 */
export const PII_KINDS = ['endpoint', 'redact', 'object', 'attributes', 'attribute'] as const;

/** One of {@link PII_KINDS}. */
export type PiiKind = (typeof PII_KINDS)[number];

/** Whether a value names a {@link PiiKind} (schema extensions are untyped). */
export function isPiiKind(value: unknown): value is PiiKind {
  return typeof value === 'string' && (PII_KINDS as readonly string[]).includes(value);
}

/** How many trailing characters of an endpoint address stay visible. */
export const ENDPOINT_VISIBLE_SUFFIX_CHARS = 4;

/**
 * An endpoint address masked to its last 4 characters: every other character becomes `*`, except a
 * leading `+` (E.164), so `+12065551234` → `+*******1234`; an address of 4 characters or fewer is all `*`.
 */
export function maskEndpointAddress(address: string): string {
  const plus = address.startsWith('+') ? '+' : '';
  const body = address.slice(plus.length);
  if (body.length <= ENDPOINT_VISIBLE_SUFFIX_CHARS) return plus + '*'.repeat(body.length);
  return plus + '*'.repeat(body.length - ENDPOINT_VISIBLE_SUFFIX_CHARS) + body.slice(-ENDPOINT_VISIBLE_SUFFIX_CHARS);
}

/**
 * Attribute names a caller without `pii:read` may still read, compared without regard to case (as
 * `Contact.attribute` looks names up).
 */
export class PiiAttributeAllowlist {
  private readonly names: ReadonlySet<string>;

  constructor(names: readonly string[] = []) {
    this.names = new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => n !== ''));
  }

  /** Whether the attribute may be shown unmasked. */
  allows(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }
}

/** What masking needs besides the value: the field's arguments and the attribute allowlist. */
export interface PiiMaskInput {
  readonly args: Readonly<Record<string, unknown>>;
  readonly allowlist: PiiAttributeAllowlist;
}

/** The value a caller without `pii:read` sees of a field marked `kind`; null and undefined stay as they are. */
export function maskPii(kind: PiiKind, value: unknown, input: PiiMaskInput): unknown {
  if (value === null || value === undefined) return value;
  switch (kind) {
    case 'endpoint':
      return typeof value === 'string' ? maskEndpointAddress(value) : null;
    case 'redact':
      return null;
    case 'object':
      return {};
    case 'attributes':
      return typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([name]) => input.allowlist.allows(name))) : {};
    case 'attribute': {
      const name = input.args.name;
      return typeof name === 'string' && input.allowlist.allows(name) ? value : null;
    }
  }
}

/** The sentence a marked field's description ends with (the schema is user documentation). */
export function piiDescription(kind: PiiKind): string {
  switch (kind) {
    case 'endpoint':
      return 'Masked without scope `pii:read`: every character except a leading `+` and the last 4 is replaced by `*` (e.g. `+*******1234`).';
    case 'redact':
      return 'Masked without scope `pii:read`: null.';
    case 'object':
      return 'Masked without scope `pii:read`: an empty object.';
    case 'attributes':
      return 'Masked without scope `pii:read`: only the attributes named in the allowlist (`PII_ATTRIBUTE_ALLOWLIST`) are returned.';
    case 'attribute':
      return 'Masked without scope `pii:read`: null unless the name is in the attribute allowlist (`PII_ATTRIBUTE_ALLOWLIST`).';
  }
}

/**
 * Refuses metrics grouped or filtered by a contact attribute that is not allowlisted, for a caller
 * without `pii:read`: grouping would list the attribute's values (customer names, account numbers)
 * and a filter would confirm a guessed value through its counts.
 * @throws ForbiddenError naming `pii:read` and the first such attribute.
 */
export function assertAttributesReadable(principal: Principal, allowlist: PiiAttributeAllowlist, attributeKeys: readonly (string | undefined)[]): void {
  if (hasScope(principal, 'pii:read')) return;
  const hidden = attributeKeys.find((key): key is string => key !== undefined && !allowlist.allows(key));
  if (hidden === undefined) return;
  throw new ForbiddenError(
    `Grouping or filtering metrics by the contact attribute '${hidden}' requires scope \`pii:read\` (attributes in PII_ATTRIBUTE_ALLOWLIST need no scope); the credential of this request does not grant it.`,
    { scope: 'pii:read', attributeKey: hidden },
  );
}
