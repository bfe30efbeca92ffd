import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../../../config/env';
import { AUTH_SCOPES, instanceScopeOf, type AuthScope, type Principal } from '../../../domain/principal';
import { UnauthenticatedError } from '../../../domain/errors';
import { AUTH_REALM, challengeParam, type Authenticator } from './authenticator';
import { headerValue, type CredentialHeaders } from './credential-headers';

/** The header API keys are sent in. */
export const API_KEY_HEADER = 'x-api-key';

/** `arn:<partition>:connect:<region>:<account>:instance/<id>`, or `*` for every instance. */
const INSTANCE_PATTERN = /^(\*|arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]+)$/;

/** One entry of the key file: the SHA-256 of a key (never the key), who it is and what it may do. */
const ApiKeyEntrySchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digits of the SHA-256 of the key (e.g. printf %s "$KEY" | sha256sum)')
    .transform((hex) => hex.toLowerCase()),
  principal: z.string().trim().min(1, 'must name who holds the key').max(200),
  instances: z
    .array(z.string().regex(INSTANCE_PATTERN, 'must be an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>) or "*"'))
    .min(1, 'must list at least one instance ARN, or "*" for every instance'),
  scopes: z
    .array(z.enum(AUTH_SCOPES, { error: (issue) => `unknown scope ${JSON.stringify(issue.input)}; known scopes: ${AUTH_SCOPES.join(', ')}` }))
    .min(1, `must list at least one of ${AUTH_SCOPES.join(', ')}`),
});

/** The key file (`AUTH_API_KEYS_FILE`) or secret (`AUTH_API_KEYS_SECRET_ID`). */
const ApiKeyFileSchema = z.strictObject({ keys: z.array(ApiKeyEntrySchema).min(1, 'lists no key') });

/** One valid entry of the key file. */
export type ApiKeyEntry = z.output<typeof ApiKeyEntrySchema>;

/** Where an entry of a zod issue path is, as `keys[2].scopes[0]` with the principal when the entry has one. */
function issueLocation(path: readonly PropertyKey[], input: unknown): string {
  const location = path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
  if (path[0] !== 'keys' || typeof path[1] !== 'number') return location || '(top level)';
  const entry = (input as { keys?: { principal?: unknown }[] }).keys?.[path[1]];
  return typeof entry?.principal === 'string' ? `${location} (principal ${JSON.stringify(entry.principal)})` : location;
}

/**
 * Parses and validates the JSON of a key file, so that a typo (an unknown scope, a truncated hash,
 * a misspelt field) stops the start-up instead of locking a client out later.
 * @param source - the file path or secret id, named in the error.
 * @throws ConfigError naming the source and every invalid entry.
 */
export function parseApiKeyFile(text: string, source: string): readonly ApiKeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault: never print a file that may hold secrets.
    throw new ConfigError([`API keys (${source}): not valid JSON; expected {"keys":[{"sha256":"<hex>","principal":"…","instances":["<instance ARN>"|"*"],"scopes":["metrics:read", …]}]}`]);
  }
  const parsed = ApiKeyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `API keys (${source}): ${issueLocation(issue.path, json)}: ${issue.message}`));
  }
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  parsed.data.keys.forEach((entry, index) => {
    const first = seen.get(entry.sha256);
    if (first !== undefined) duplicates.push(`API keys (${source}): keys[${index}] (principal ${JSON.stringify(entry.principal)}) has the same sha256 as keys[${first}]; each key must be listed once`);
    else seen.set(entry.sha256, index);
  });
  if (duplicates.length > 0) throw new ConfigError(duplicates);
  return parsed.data.keys;
}

/** The principal an entry of the key file stands for. */
export function principalOfApiKey(entry: ApiKeyEntry): Principal {
  return Object.freeze({
    id: entry.principal,
    method: 'apikey',
    scopes: new Set<AuthScope>(entry.scopes),
    instances: instanceScopeOf(entry.instances),
  });
}

/** The message of a 401 in mode apikey: what to send. */
const SEND_A_KEY = `Send an API key in the '${API_KEY_HEADER}' header.`;

/**
 * `AUTH_MODE=apikey`: the key in `x-api-key` is hashed with SHA-256 and compared with every stored
 * hash with `crypto.timingSafeEqual` (every entry, no early exit), so neither the key nor which entry
 * matched leaks through timing. Only hashes are held in memory.
 */
export function createApiKeyAuthenticator(entries: readonly ApiKeyEntry[]): Authenticator {
  const stored = entries.map((entry) => ({ digest: Buffer.from(entry.sha256, 'hex'), principal: principalOfApiKey(entry) }));
  return {
    mode: 'apikey',
    authenticate: async (headers: CredentialHeaders) => {
      const key = headerValue(headers, API_KEY_HEADER);
      if (key === undefined) throw new UnauthenticatedError(`No API key: ${SEND_A_KEY}`);
      const digest = createHash('sha256').update(key, 'utf8').digest();
      let match: Principal | undefined;
      for (const entry of stored) {
        // Always compare with every entry: the time does not depend on which one matches.
        if (timingSafeEqual(digest, entry.digest) && match === undefined) match = entry.principal;
      }
      if (match === undefined) throw new UnauthenticatedError(`The API key is not valid: ${SEND_A_KEY} Ask the operator for a key if yours was revoked.`);
      return match;
    },
    challenge: (message) => `ApiKey realm=${challengeParam(AUTH_REALM)}, header=${challengeParam(API_KEY_HEADER)}${message ? `, error_description=${challengeParam(message)}` : ''}`,
  };
}
