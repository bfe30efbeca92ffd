import { ANONYMOUS_PRINCIPAL, type Principal } from '../../../domain/principal';
import type { CredentialHeaders } from './credential-headers';

/**
 * Who is asking: turns the credential in a request's headers into a {@link Principal}. One
 * implementation per `AUTH_MODE`; the same object serves HTTP (express), WebSockets (the
 * `connection_init` payload) and the Lambda (API Gateway event headers).
 */
export interface Authenticator {
  /** `AUTH_MODE` this authenticator implements. */
  readonly mode: 'none' | 'apikey' | 'jwt';
  /**
   * The principal of the credential in `headers`.
   * @throws UnauthenticatedError when the credential is missing or invalid; the message says what to
   *   send and never quotes the credential.
   * @throws AppError `UPSTREAM_FAILED` when the credential cannot be checked now (JWKS unreachable).
   */
  authenticate(headers: CredentialHeaders): Promise<Principal>;
  /**
   * The `WWW-Authenticate` header of a 401 answer (RFC 9110 §11.6.1), for the given failure
   * message; undefined in mode `none`.
   */
  challenge(message?: string): string | undefined;
}

/** The realm named in `WWW-Authenticate` challenges. */
export const AUTH_REALM = 'connect-analytics';

/** `AUTH_MODE=none`: every caller is the anonymous principal (every scope, every instance). */
export const anonymousAuthenticator: Authenticator = {
  mode: 'none',
  authenticate: async () => ANONYMOUS_PRINCIPAL,
  challenge: () => undefined,
};

/** A quoted-string for a challenge parameter: printable ASCII only (a header value), no quotes or backslashes. */
export function challengeParam(text: string): string {
  const printable = [...text].map((char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) > 0x7e ? ' ' : char)).join('');
  return `"${printable.replace(/[\\"]/g, "'")}"`;
}
