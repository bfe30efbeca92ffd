/**
 * Reading a credential from whatever carries the headers: Node's `IncomingHttpHeaders` (express),
 * an API Gateway v2 event's `headers`, or a graphql-ws `connection_init` payload
 * (`{ authorization: 'Bearer …' }` or `{ 'x-api-key': '…' }`). Header names are case-insensitive
 * everywhere; a repeated header (an array) counts only when it has exactly one value.
 */

/** Headers as any transport gives them: names in any case, values strings, arrays or anything (payloads). */
export type CredentialHeaders = Readonly<Record<string, unknown>> | null | undefined;

/** The value of one header, trimmed, or undefined when absent, empty, repeated or not a string. */
export function headerValue(headers: CredentialHeaders, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const wanted = name.toLowerCase();
  let found: unknown;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    // Two spellings of the same header (`Authorization` and `authorization` in a payload): ambiguous, refuse both.
    if (found !== undefined) return undefined;
    found = value;
  }
  const single = Array.isArray(found) ? (found.length === 1 ? found[0] : undefined) : found;
  if (typeof single !== 'string') return undefined;
  const trimmed = single.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(headers: CredentialHeaders): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}
