import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { ConfigError, type AuthConfig } from '../../../config/env';
import { AppError, ErrorCode, UnauthenticatedError } from '../../../domain/errors';
import type { Principal } from '../../../domain/principal';
import { AUTH_REALM, challengeParam, type Authenticator } from './authenticator';
import { bearerToken, type CredentialHeaders } from './credential-headers';
import { principalFromClaims } from './jwt-claims';

/**
 * Signature algorithms a JWKS can verify: asymmetric only. `none` and the HMAC family (HS256…) are
 * never accepted: a JWKS holds public keys, and HMAC over a public key is the algorithm-confusion attack.
 */
export const ASYMMETRIC_JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** The JWKS URL of an issuer when `AUTH_JWT_JWKS_URL` is not set (OIDC discovery's usual place; Cognito's). */
export function defaultJwksUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The JWT settings checked at start-up: issuer, audience, an allowlist of asymmetric algorithms, a JWKS URL. */
function checkedJwtSettings(jwt: AuthConfig['jwt'], nodeEnv: string): { issuer: string; audience: string; audiences: string[]; jwksUrl: URL; algorithms: string[] } {
  const problems: string[] = [];
  if (!jwt.issuer) problems.push('AUTH_JWT_ISSUER: is required when AUTH_MODE=jwt');
  if (!jwt.audience) problems.push('AUTH_JWT_AUDIENCE: is required when AUTH_MODE=jwt');
  const allowed = jwt.algorithms.filter((alg) => (ASYMMETRIC_JWT_ALGORITHMS as readonly string[]).includes(alg));
  const refused = jwt.algorithms.filter((alg) => !allowed.includes(alg));
  if (refused.length > 0 || allowed.length === 0) {
    problems.push(`AUTH_JWT_ALGORITHMS: ${refused.length > 0 ? `${refused.join(', ')} cannot be used` : 'is empty'}; list asymmetric algorithms only, from ${ASYMMETRIC_JWT_ALGORITHMS.join(', ')} (never none or HS*)`);
  }
  let jwksUrl: URL | undefined;
  const urlText = jwt.jwksUrl ?? (jwt.issuer ? defaultJwksUrl(jwt.issuer) : undefined);
  if (urlText) {
    const variable = jwt.jwksUrl ? 'AUTH_JWT_JWKS_URL' : 'AUTH_JWT_ISSUER';
    try {
      jwksUrl = new URL(urlText);
      if (jwksUrl.protocol !== 'https:' && jwksUrl.protocol !== 'http:') problems.push(`${variable}: the JWKS URL ${urlText} must be http(s)`);
      else if (nodeEnv === 'production' && jwksUrl.protocol === 'http:' && !LOOPBACK_HOSTNAMES.has(jwksUrl.hostname)) {
        problems.push(`${variable}: the JWKS URL ${urlText} must use https in production (keys fetched over plain http can be replaced on the way)`);
      }
    } catch {
      problems.push(`${variable}: ${jwt.jwksUrl ? 'is' : `gives the JWKS URL ${urlText}, which is`} not a valid URL${jwt.jwksUrl ? '' : '; set AUTH_JWT_JWKS_URL'}`);
    }
  }
  if (problems.length > 0 || !jwksUrl) throw new ConfigError(problems);
  const audiences = jwt.audience!.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  return { issuer: jwt.issuer!, audience: audiences.join(', '), audiences, jwksUrl, algorithms: allowed };
}

/**
 * Whether a verified token is meant for this API: its `aud` (a string or an array) names one of
 * `audiences`; or, for a Cognito access token, which has no `aud`, its `client_id` is one of them
 * (`token_use: "access"`; Cognito puts the app client id there). Any other token without `aud` is refused.
 */
export function audienceMatches(claims: Readonly<Record<string, unknown>>, audiences: readonly string[]): boolean {
  const aud = claims.aud;
  if (aud !== undefined) return (Array.isArray(aud) ? aud : [aud]).some((value) => typeof value === 'string' && audiences.includes(value));
  return claims.token_use === 'access' && typeof claims.client_id === 'string' && audiences.includes(claims.client_id);
}

/** Why a token was refused, in words a client can act on (never quoting the token). */
function refusalOf(error: unknown, settings: { issuer: string; audience: string; algorithms: string[] }): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired; get a new one from the identity provider';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `the token was not issued by ${settings.issuer}`;
    if (error.claim === 'aud') return `the token is not meant for this API (audience ${settings.audience})`;
    if (error.claim === 'nbf') return 'the token is not valid yet (nbf is in the future)';
    if (error.claim === 'exp' && error.reason === 'missing') return 'the token has no exp claim; tokens must expire';
    return `the token's ${error.claim} claim is not valid`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return `the token's algorithm is not allowed (AUTH_JWT_ALGORITHMS: ${settings.algorithms.join(', ')})`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "the token is signed with a key the issuer's JWKS does not publish";
  return 'the token is not a well-formed signed JWT';
}

/**
 * Whether an error means the JWKS could not be fetched (the IdP is down or answers garbage), not that
 * the token is bad: jose's JWKS timeout/invalid errors, a non-200 answer, or a network error (errno code).
 */
function jwksUnavailable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  if (error instanceof joseErrors.JOSEError) return /JSON Web Key Set HTTP response/.test(error.message);
  return typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string';
}

/** What a 401 in mode jwt says to send. */
const SEND_A_TOKEN = "Send 'Authorization: Bearer <access token>'";

/**
 * `AUTH_MODE=jwt`: bearer tokens verified with jose against the issuer's remote JWKS (cached; fetched
 * again for an unknown `kid`, at most once per `AUTH_JWT_JWKS_COOLDOWN_SECONDS`). Checks the
 * signature, `iss`, the audience ({@link audienceMatches}), `exp` (required) and `nbf` with `AUTH_JWT_CLOCK_SKEW_SECONDS` of
 * tolerance, and the algorithm against `AUTH_JWT_ALGORITHMS`. The JWKS is fetched once at creation so
 * a wrong URL stops the start-up.
 * @throws ConfigError when the settings are invalid or the JWKS cannot be fetched.
 */
export async function createJwtAuthenticator(auth: AuthConfig, nodeEnv: string): Promise<Authenticator> {
  const settings = checkedJwtSettings(auth.jwt, nodeEnv);
  const jwks = createRemoteJWKSet(settings.jwksUrl, { cooldownDuration: auth.jwt.jwksCooldownSeconds * 1000 });
  try {
    await jwks.reload();
  } catch (error) {
    throw new ConfigError([`AUTH_JWT_JWKS_URL: the JWKS at ${settings.jwksUrl.href} could not be fetched (${(error as Error).message}); check the URL (default <AUTH_JWT_ISSUER>/.well-known/jwks.json) and that the identity provider is reachable`]);
  }
  const verifyOptions = {
    issuer: settings.issuer,
    algorithms: settings.algorithms,
    clockTolerance: auth.jwt.clockSkewSeconds,
    requiredClaims: ['exp'],
  };
  return {
    mode: 'jwt',
    authenticate: async (headers: CredentialHeaders): Promise<Principal> => {
      const token = bearerToken(headers);
      if (token === undefined) throw new UnauthenticatedError(`No bearer token: ${SEND_A_TOKEN} (a JWT from ${settings.issuer}).`);
      let claims: Record<string, unknown>;
      try {
        claims = (await jwtVerify(token, jwks, verifyOptions)).payload;
      } catch (error) {
        if (jwksUnavailable(error)) {
          throw new AppError(ErrorCode.UPSTREAM_FAILED, "The token could not be checked: the identity provider's keys (JWKS) are unreachable. Retry later.", {
            reason: `JWKS ${settings.jwksUrl.href}: ${(error as Error).message}`,
          });
        }
        throw new UnauthenticatedError(`The token is not valid: ${refusalOf(error, settings)}. ${SEND_A_TOKEN}.`);
      }
      // jose checks no audience (a Cognito access token has none, only client_id): checked here, after the signature.
      if (!audienceMatches(claims, settings.audiences)) {
        throw new UnauthenticatedError(`The token is not valid: the token is not meant for this API (audience ${settings.audience}). ${SEND_A_TOKEN}.`);
      }
      return principalFromClaims(claims, auth.jwt);
    },
    challenge: (message) =>
      `Bearer realm=${challengeParam(AUTH_REALM)}${message && !message.startsWith('No bearer token') ? `, error="invalid_token", error_description=${challengeParam(message)}` : ''}`,
  };
}
