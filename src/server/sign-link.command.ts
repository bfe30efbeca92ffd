import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/env';
import { isAuthScope, type AuthScope } from '../domain/principal';
import { createSignedLinkSignerOf } from './graphql/auth/create-authenticator';
import { parseTtlSeconds, SIGNED_LINK_SCOPES } from './graphql/auth/signed-link';

/** Where the command writes. */
export interface SignLinkIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `Usage: npm run sign-link -- --scopes live:read,metrics:read --ttl 8h [--instance ARN]... [--principal NAME] [--base-url URL]

Prints a signed link token (and a /wallboard URL) for a screen that cannot hold a key. Needs the
server's SIGNED_LINKS=1 and SIGNED_LINK_SECRET (or SIGNED_LINK_SECRET_FILE / SIGNED_LINK_SECRET_ID) in the environment.
  --scopes     comma-separated, from ${SIGNED_LINK_SCOPES.join(', ')} (default live:read,metrics:read)
  --ttl        lifetime: 90s, 30m, 8h, 1d (at most SIGNED_LINK_MAX_TTL_SECONDS; default 8h)
  --instance   a Connect instance ARN the link may read (repeatable; default * = every instance)
  --principal  the name logs show for the link (default wallboard)
  --base-url   prefix of the printed URL (default http://localhost:4000)
`;

/**
 * `npm run sign-link`: signs a link with the configured secret and prints it as JSON
 * `{token, expiresAt, url}`.
 * @param env - the environment (default `process.env`, read by loadConfig).
 * @returns the exit code: 0, or 2 for bad arguments or configuration.
 */
export async function runSignLinkCommand(argv: readonly string[], io: SignLinkIo, env?: NodeJS.ProcessEnv, nowMs = Date.now()): Promise<number> {
  let values: { scopes?: string; ttl?: string; instance?: string[]; principal?: string; 'base-url'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { scopes: { type: 'string' }, ttl: { type: 'string' }, instance: { type: 'string', multiple: true }, principal: { type: 'string' }, 'base-url': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`sign-link: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const scopes = (values.scopes ?? 'live:read,metrics:read').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !isAuthScope(s));
  const ttlSeconds = parseTtlSeconds(values.ttl ?? '8h');
  const problems = [
    ...(unknown.length > 0 ? [`--scopes: unknown scope ${unknown.join(', ')}`] : []),
    ...(ttlSeconds === undefined ? [`--ttl: ${values.ttl} is not a duration (90s, 30m, 8h, 1d)`] : []),
  ];
  if (problems.length > 0) {
    io.stderr.write(`sign-link: ${problems.join('; ')}\n\n${USAGE}`);
    return 2;
  }
  try {
    const config = loadConfig(env);
    // Signing needs the secret whether or not this process's SIGNED_LINKS turns checking on.
    const auth = { ...config.auth, signedLinks: { maxTtlSeconds: 86_400, ...config.auth.signedLinks, enabled: true } };
    const signer = await createSignedLinkSignerOf(auth, config.dynamodb.region);
    const link = signer!.sign({ principal: values.principal ?? 'wallboard', scopes: scopes as AuthScope[], instances: values.instance ?? ['*'] }, ttlSeconds!, nowMs);
    const baseUrl = (values['base-url'] ?? 'http://localhost:4000').replace(/\/$/, '');
    io.stdout.write(`${JSON.stringify({ token: link.token, expiresAt: new Date(link.expiresAtMs).toISOString(), url: `${baseUrl}/wallboard#link=${link.token}` }, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RangeError) {
      io.stderr.write(`sign-link: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
