/**
 * The one Origin decision of the server, shared by the CORS middleware and the WebSocket upgrade
 * check, so a browser page may use HTTP and graphql-ws from exactly the same origins.
 */

/** `scheme://host[:port]` of a URL in canonical form (lower case, default port dropped), or undefined when it is not an http(s) origin. */
export function canonicalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request carrying `origin` may be served:
 * - no Origin header: yes (non-browser clients: curl, servers, graphql-ws in Node send none);
 * - the server's own origin (its host and port equal the request's Host header): yes, for the bundled GraphiQL page;
 * - an origin of `allowlist` (`CORS_ORIGINS`, compared in canonical form): yes;
 * - anything else, including `null` (sandboxed frames, file: pages) and malformed values: no.
 * @param origin - the request's `Origin` header, if any.
 * @param host - the request's `Host` header, if any.
 * @param allowlist - allowed origins such as `https://portal.example.com`.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowlist: readonly string[]): boolean {
  if (origin === undefined) return true;
  const canonical = canonicalOrigin(origin);
  if (canonical === undefined) return false;
  if (host !== undefined && new URL(canonical).host === canonicalHost(host, new URL(canonical).protocol)) return true;
  return allowlist.some((allowed) => canonicalOrigin(allowed) === canonical);
}

/** A Host header as URL.host would write it for `protocol` (lower case, default port dropped). */
function canonicalHost(host: string, protocol: string): string | undefined {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}
