import type express from 'express';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../domain/principal';

/**
 * The principal of an HTTP request, as the authentication middleware stored it in `res.locals`.
 * Routes mounted before authentication (health, readiness) have none: they see the anonymous principal.
 */
export function requestPrincipal(res: express.Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? ANONYMOUS_PRINCIPAL;
}

/** Stores the authenticated principal of a request for the routes after the middleware. */
export function setRequestPrincipal(res: express.Response, principal: Principal): void {
  res.locals.principal = principal;
}
