/**
 * The one rule for browser origins, shared by CORS (HTTP) and the WebSocket `Origin` check: a
 * request may come from a page of an allowlisted origin, from a page of this server itself, or from
 * a client that is not a browser (no `Origin` header at all).
 */

/** The `host[:port]` of an origin, lower-cased; undefined when the origin is not a URL (e.g. `null`). */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** An origin as browsers serialise it (`scheme://host[:port]`, lower-case, default port dropped); undefined when not a URL. */
function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether a request with this `Origin` may be answered.
 *
 * - `origin` undefined: not a browser (curl, a server, a BI tool) — allowed; browsers always send
 *   `Origin` on cross-origin requests and WebSocket upgrades, so this is no hole.
 * - same origin: the Origin's host (with port) equals the request's `Host` header (GraphiQL served here).
 * - otherwise the origin must equal one entry of `allowlist` exactly (after normalisation: case and
 *   a default port do not matter). There is no wildcard: `*` in the list matches nothing.
 *
 * @param origin - the `Origin` request header.
 * @param host - the `Host` request header.
 * @param allowlist - exact origins, e.g. `['https://portal.example.com']` (CORS_ORIGINS).
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowlist: readonly string[]): boolean {
  if (origin === undefined) return true;
  const originHost = hostOf(origin);
  if (originHost !== undefined && host !== undefined && originHost === host.toLowerCase()) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  return allowlist.some((allowed) => normalizeOrigin(allowed) === normalized);
}
