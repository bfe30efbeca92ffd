import express from 'express';
import { z } from 'zod';
import { AUTH_SCOPES, scopeIncludes, type AuthScope } from '../domain/principal';
import { requestPrincipal } from './auth/request-principal';
import { parseTtlSeconds, SIGNED_LINK_SCOPES, type SignedLinkSigner } from './graphql/auth/signed-link';

/** Where the route is mounted. */
export const LINKS_PATH = '/links';

const LinkRequestSchema = z.strictObject({
  scopes: z.array(z.enum(AUTH_SCOPES)).min(1).default(['live:read', 'metrics:read']),
  /** `8h`, `30m`, `90s`, `1d` or seconds. */
  ttl: z.union([z.string(), z.number().int()]).default('8h'),
  instances: z.array(z.string()).min(1).optional(),
  principal: z.string().trim().min(1).max(200).default('wallboard'),
});

const badRequest = (res: express.Response, message: string): void => {
  res.status(400).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
};

/**
 * `POST /links` (JSON `{scopes, ttl, instances?, principal?}`): signs a link and answers
 * `{token, expiresAt, path}`. Mount behind authentication and the `admin` scope. A link never reaches
 * further than its creator: its instances must be within the creator's (default: the creator's own,
 * `*` for every instance). With signed links off (`signer` undefined) it answers 404 saying how to turn them on.
 */
export function createLinksRouter(signer: SignedLinkSigner | undefined): express.Router {
  const router = express.Router();
  router.post(LINKS_PATH, express.json({ limit: 16 * 1024 }), (req, res) => {
    if (signer === undefined) {
      res.status(404).json({ errors: [{ message: 'Signed links are turned off on this server: set SIGNED_LINKS=1 and SIGNED_LINK_SECRET (or _FILE / _ID).', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    const parsed = LinkRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      badRequest(res, `Invalid link request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}. Send {"scopes":["live:read","metrics:read"],"ttl":"8h","instances":["<instance ARN>"]}.`);
      return;
    }
    const ttlSeconds = typeof parsed.data.ttl === 'number' ? parsed.data.ttl : parseTtlSeconds(parsed.data.ttl);
    if (ttlSeconds === undefined) {
      badRequest(res, `ttl: ${String(parsed.data.ttl)} is not a duration; send 90s, 30m, 8h, 1d or a number of seconds (at most ${signer.maxTtlSeconds}).`);
      return;
    }
    const creator = requestPrincipal(res).instances;
    const instances = parsed.data.instances ?? (creator.kind === 'all' ? ['*'] : [...creator.instanceArns]);
    const outside = instances.filter((arn) => (arn === '*' ? creator.kind !== 'all' : !scopeIncludes(creator, arn)));
    if (outside.length > 0) {
      res.status(403).json({ errors: [{ message: `A link may only reach instances your credential reaches; not: ${outside.join(', ')}.`, extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    try {
      const link = signer.sign({ principal: parsed.data.principal, scopes: parsed.data.scopes as AuthScope[], instances }, ttlSeconds);
      res.status(201).set('Cache-Control', 'no-store').json({ token: link.token, expiresAt: new Date(link.expiresAtMs).toISOString(), path: `/wallboard#link=${link.token}`, scopes: parsed.data.scopes.filter((s) => SIGNED_LINK_SCOPES.includes(s)) });
    } catch (error) {
      if (error instanceof RangeError) badRequest(res, `${error.message}.`);
      else throw error;
    }
  });
  return router;
}
