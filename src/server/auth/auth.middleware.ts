import type express from 'express';
import { AppError, ErrorCode } from '../../domain/errors';
import type { AuthScope } from '../../domain/principal';
import type { Authenticator } from '../graphql/auth/authenticator';
import { missingScopeError } from '../graphql/auth/scope-check';
import { requestPrincipal, setRequestPrincipal } from './request-principal';

/** The HTTP status of an authentication failure. */
function statusOf(error: AppError): number {
  if (error.code === ErrorCode.UNAUTHENTICATED) return 401;
  if (error.code === ErrorCode.FORBIDDEN) return 403;
  return 503;
}

/** Answers an AppError the way GraphQL clients read errors: `{"errors":[{"message","extensions":{code,…}}]}`. */
function sendAuthError(res: express.Response, error: AppError): void {
  res.status(statusOf(error)).json({ errors: [{ message: error.message, extensions: { ...error.data, code: error.code } }] });
}

/**
 * Authenticates every request through it (except CORS preflights: `OPTIONS` carries no credential
 * and passes untouched) and stores the principal for the routes after it (`requestPrincipal(res)`).
 * A missing or invalid credential is answered 401 `UNAUTHENTICATED` with a `WWW-Authenticate`
 * challenge; an identity provider that cannot be reached, 503 `UPSTREAM_FAILED`.
 */
export function authenticateRequests(authenticator: Authenticator): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    authenticator.authenticate(req.headers).then(
      (principal) => {
        setRequestPrincipal(res, principal);
        next();
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) return next(error);
        if (error.code === ErrorCode.UNAUTHENTICATED) {
          const challenge = authenticator.challenge(error.message);
          if (challenge) res.setHeader('www-authenticate', challenge);
        } else {
          req.log?.warn({ err: error, reason: error.reason }, 'credential could not be checked');
        }
        sendAuthError(res, error);
      },
    );
  };
}

/**
 * Lets through only principals holding `scope` (`admin` holds every scope); others get 403
 * `FORBIDDEN` with `extensions.scope`. Mount after {@link authenticateRequests}. `OPTIONS` passes.
 */
export function requireScope(scope: AuthScope): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const refusal = missingScopeError(requestPrincipal(res), scope);
    if (refusal === undefined) return next();
    sendAuthError(res, refusal);
  };
}
