import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { UnauthenticatedError } from '../../../domain/errors';
import { AUTH_SCOPES, instanceScopeOf, type AuthScope, type Principal } from '../../../domain/principal';
import { AUTH_REALM, challengeParam, type Authenticator } from './authenticator';
import { headerValue, type CredentialHeaders } from './credential-headers';

/**
 * Short-lived signed links: a credential for screens and tools that cannot hold a key (a wall TV, a
 * spreadsheet's "From Web"). A link token is `wbl1.<payload>.<signature>`: the payload is base64url
 * JSON `{sub, scp, ins, iat, exp}` (principal id, scopes, instance ARNs or `*`, issue and expiry in epoch
 * seconds), the signature base64url HMAC-SHA256 of `wbl1.<payload>` with the server's secret. No
 * state is kept: a link is valid until it expires or the secret changes (rotating the secret revokes
 * every link). HTTP sends it as `Authorization: Link <token>`; a graphql-ws `connection_init` payload
 * as `{ authorization: 'Link <token>' }`.
 */

/** The prefix (and version) of every link token. */
export const SIGNED_LINK_PREFIX = 'wbl1';

/**
 * Scopes a link may carry: reading only. A link ends up in URLs, screenshots and browser history, so
 * it never grants `admin`, `ingest:write` or `pii:read`, even when signed with the right secret.
 */
export const SIGNED_LINK_SCOPES: readonly AuthScope[] = ['live:read', 'metrics:read', 'contacts:read'];

/** Default longest life of a link (`SIGNED_LINK_MAX_TTL_SECONDS`): 24 h. */
export const DEFAULT_SIGNED_LINK_MAX_TTL_SECONDS = 24 * 60 * 60;

/** Tolerated clock difference between the signer and the verifier for `iat`, seconds. */
const CLOCK_SKEW_SECONDS = 60;

const INSTANCE = /^(\*|arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]+)$/;

const PayloadSchema = z.strictObject({
  sub: z.string().min(1).max(200),
  scp: z.array(z.enum(AUTH_SCOPES)).min(1),
  ins: z.array(z.string().regex(INSTANCE)).min(1),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** What a link grants. */
export interface SignedLinkClaims {
  /** Who the link stands for (shown in logs as `link:<principal>`). */
  readonly principal: string;
  /** Scopes, a subset of {@link SIGNED_LINK_SCOPES}. */
  readonly scopes: readonly AuthScope[];
  /** Connect instance ARNs, or `['*']` for every instance. */
  readonly instances: readonly string[];
}

/** A signed link and when it expires. */
export interface SignedLink {
  readonly token: string;
  /** Expiry, epoch milliseconds. */
  readonly expiresAtMs: number;
}

/** Signing and verifying link tokens with one secret. */
export interface SignedLinkSigner {
  /**
   * A token for `claims`, valid for `ttlSeconds` from `nowMs`.
   * @throws RangeError when the TTL is not between 1 s and the maximum, a scope is not allowed in a
   *   link, or an instance is not an instance ARN or `*`.
   */
  sign(claims: SignedLinkClaims, ttlSeconds: number, nowMs?: number): SignedLink;
  /**
   * The principal of a token.
   * @throws UnauthenticatedError `link expired` when it has expired; `link invalid` when it is
   *   malformed, tampered with, signed with another secret, or grants more than a link may.
   */
  verify(token: string, nowMs?: number): Principal;
  /** The longest TTL accepted, seconds. */
  readonly maxTtlSeconds: number;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function invalid(why: string): UnauthenticatedError {
  return new UnauthenticatedError(`The signed link is invalid (${why}): ask an administrator for a new link (npm run sign-link or POST /links).`);
}

/**
 * A signer for `secret` (at least 32 bytes: HMAC-SHA256's strength is bounded by its key).
 * @param maxTtlSeconds - longest life of a link; links claiming a longer one are refused even if signed.
 * @throws RangeError when the secret is shorter than 32 bytes.
 */
export function createSignedLinkSigner(secret: string, maxTtlSeconds = DEFAULT_SIGNED_LINK_MAX_TTL_SECONDS): SignedLinkSigner {
  if (Buffer.byteLength(secret, 'utf8') < 32) throw new RangeError('the signed-link secret must be at least 32 bytes (e.g. openssl rand -base64 48)');
  const mac = (text: string): Buffer => createHmac('sha256', secret).update(text, 'utf8').digest();

  return {
    maxTtlSeconds,
    sign(claims, ttlSeconds, nowMs = Date.now()) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > maxTtlSeconds) {
        throw new RangeError(`the link TTL must be 1 to ${maxTtlSeconds} seconds (SIGNED_LINK_MAX_TTL_SECONDS); got ${ttlSeconds}`);
      }
      const refused = claims.scopes.filter((scope) => !SIGNED_LINK_SCOPES.includes(scope));
      if (refused.length > 0 || claims.scopes.length === 0) {
        throw new RangeError(`a link may carry only the scopes ${SIGNED_LINK_SCOPES.join(', ')}${refused.length > 0 ? `; refused: ${refused.join(', ')}` : ''}`);
      }
      const badInstance = claims.instances.find((arn) => !INSTANCE.test(arn));
      if (claims.instances.length === 0 || badInstance !== undefined) {
        throw new RangeError(`instances must be Connect instance ARNs (arn:aws:connect:<region>:<account>:instance/<id>) or *${badInstance ? `; got ${badInstance}` : ''}`);
      }
      const iat = Math.floor(nowMs / 1000);
      const payload = { sub: claims.principal, scp: [...new Set(claims.scopes)], ins: [...new Set(claims.instances)], iat, exp: iat + ttlSeconds };
      const body = `${SIGNED_LINK_PREFIX}.${base64url(JSON.stringify(payload))}`;
      return { token: `${body}.${base64url(mac(body))}`, expiresAtMs: payload.exp * 1000 };
    },
    verify(token, nowMs = Date.now()) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== SIGNED_LINK_PREFIX) throw invalid('not a link token');
      const [prefix, payloadPart, signaturePart] = parts as [string, string, string];
      const expected = mac(`${prefix}.${payloadPart}`);
      const given = Buffer.from(signaturePart, 'base64url');
      // Compare in constant time; a wrong length is a mismatch too (timingSafeEqual throws on it).
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('bad signature');
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
      } catch {
        throw invalid('unreadable payload');
      }
      const parsed = PayloadSchema.safeParse(json);
      if (!parsed.success) throw invalid('unexpected payload');
      const { sub, scp, ins, iat, exp } = parsed.data;
      // Signed but grants more than a link may (an older, laxer signer; a leaked secret used by hand).
      if (scp.some((scope) => !SIGNED_LINK_SCOPES.includes(scope))) throw invalid(`a link may carry only ${SIGNED_LINK_SCOPES.join(', ')}`);
      if (exp - iat > maxTtlSeconds) throw invalid(`lifetime over ${maxTtlSeconds} s`);
      const nowSeconds = nowMs / 1000;
      if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw invalid('issued in the future');
      if (exp <= nowSeconds) {
        throw new UnauthenticatedError(`The signed link expired at ${new Date(exp * 1000).toISOString()}: ask an administrator for a new link.`);
      }
      return Object.freeze({ id: `link:${sub}`, method: 'link', scopes: new Set<AuthScope>(scp), instances: instanceScopeOf(ins), expiresAtMs: exp * 1000 });
    },
  };
}

/** The token of an `Authorization: Link <token>` header (scheme case-insensitive), or undefined. */
export function linkToken(headers: CredentialHeaders): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const match = authorization ? /^Link\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

/**
 * `authenticator` that also accepts signed links: a request with `Authorization: Link <token>` is
 * verified with `signer` (and never reaches the wrapped authenticator); any other goes to it.
 */
export function withSignedLinks(authenticator: Authenticator, signer: SignedLinkSigner): Authenticator {
  return {
    mode: authenticator.mode,
    authenticate: async (headers) => {
      const token = linkToken(headers);
      return token === undefined ? authenticator.authenticate(headers) : signer.verify(token);
    },
    challenge: (message) => {
      const inner = authenticator.challenge(message);
      const link = `Link realm=${challengeParam(AUTH_REALM)}`;
      return inner === undefined ? undefined : `${inner}, ${link}`;
    },
  };
}

/**
 * Parses a TTL such as `90s`, `30m`, `8h`, `1d` or a number of seconds.
 * @returns seconds, or undefined when the text is not a duration.
 */
export function parseTtlSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
