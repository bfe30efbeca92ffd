import { createHash } from 'node:crypto';
import { ConfigError } from '../../../../../src/config/env';
import { UnauthenticatedError } from '../../../../../src/domain/errors';
import { createApiKeyAuthenticator, parseApiKeyFile } from '../../../../../src/server/graphql/auth/api-keys';

const INSTANCE_A = 'arn:aws:connect:us-west-2:111122223333:instance/aaaaaaaa-1111-2222-3333-444444444444';
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

/** The ConfigError problems of parsing `json`, or [] when it parses. */
function problemsOf(json: unknown): string[] {
  try {
    parseApiKeyFile(typeof json === 'string' ? json : JSON.stringify(json), '/etc/keys.json');
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('parseApiKeyFile', () => {
  it('accepts a valid file and lower-cases the hashes', () => {
    const entries = parseApiKeyFile(JSON.stringify({ keys: [{ sha256: sha256('k1').toUpperCase(), principal: 'portal', instances: [INSTANCE_A], scopes: ['metrics:read', 'live:read'] }] }), 'f');
    expect(entries).toEqual([{ sha256: sha256('k1'), principal: 'portal', instances: [INSTANCE_A], scopes: ['metrics:read', 'live:read'] }]);
  });

  it('names the source, the entry and its principal for an unknown scope (a typo)', () => {
    const problems = problemsOf({
      keys: [
        { sha256: sha256('k1'), principal: 'ok', instances: ['*'], scopes: ['admin'] },
        { sha256: sha256('k2'), principal: 'wallboard', instances: ['*'], scopes: ['metric:read'] },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('/etc/keys.json');
    expect(problems[0]).toContain('keys[1].scopes[0] (principal "wallboard")');
    expect(problems[0]).toContain('unknown scope "metric:read"');
    expect(problems[0]).toContain('metrics:read');
  });

  it('refuses a plain key instead of its hash, a bad instance, unknown fields, an empty file, duplicates and non-JSON', () => {
    expect(problemsOf({ keys: [{ sha256: 'my-secret-key', principal: 'p', instances: ['*'], scopes: ['admin'] }] })[0]).toContain('keys[0].sha256 (principal "p"): must be the 64 hex digits');
    expect(problemsOf({ keys: [{ sha256: sha256('k'), principal: 'p', instances: ['instance-a'], scopes: ['admin'] }] })[0]).toContain('keys[0].instances[0] (principal "p"): must be an Amazon Connect instance ARN');
    expect(problemsOf({ keys: [{ sha256: sha256('k'), principal: 'p', instances: [], scopes: ['admin'] }] })[0]).toContain('must list at least one instance ARN');
    expect(problemsOf({ keys: [{ sha256: sha256('k'), principal: 'p', instances: ['*'], scopes: ['admin'], key: 'plain' }] })[0]).toMatch(/keys\[0\].*key/);
    expect(problemsOf({ keys: [] })[0]).toContain('lists no key');
    expect(problemsOf({ key: [] })[0]).toContain('/etc/keys.json');
    const twice = { sha256: sha256('k'), principal: 'p', instances: ['*'], scopes: ['admin'] };
    expect(problemsOf({ keys: [twice, { ...twice, principal: 'q' }] })[0]).toContain('keys[1] (principal "q") has the same sha256 as keys[0]');
    expect(problemsOf('{"keys": [')[0]).toContain('API keys (/etc/keys.json): not valid JSON;');
  });
});

describe('the API key authenticator', () => {
  const authenticator = createApiKeyAuthenticator(
    parseApiKeyFile(
      JSON.stringify({
        keys: [
          { sha256: sha256('key-of-a'), principal: 'tenant-a', instances: [INSTANCE_A], scopes: ['metrics:read'] },
          { sha256: sha256('key-of-ops'), principal: 'ops', instances: ['*'], scopes: ['admin'] },
        ],
      }),
      'f',
    ),
  );

  it('maps a key to its principal, from any header spelling', async () => {
    const principal = await authenticator.authenticate({ 'X-Api-Key': 'key-of-a' });
    expect(principal).toMatchObject({ id: 'tenant-a', method: 'apikey', instances: { kind: 'instances', instanceArns: [INSTANCE_A] } });
    expect([...principal.scopes]).toEqual(['metrics:read']);
    expect((await authenticator.authenticate({ 'x-api-key': 'key-of-ops' })).instances).toEqual({ kind: 'all' });
  });

  it('refuses a missing, wrong or ambiguous key without quoting it', async () => {
    await expect(authenticator.authenticate({})).rejects.toThrow(new UnauthenticatedError("No API key: Send an API key in the 'x-api-key' header."));
    const wrong = authenticator.authenticate({ 'x-api-key': 'key-of-b' });
    await expect(wrong).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(wrong).rejects.not.toThrow(/key-of-b/);
    await expect(authenticator.authenticate({ 'x-api-key': ['key-of-a', 'key-of-ops'] })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(authenticator.authenticate({ 'x-api-key': 'key-of-a', 'X-API-KEY': 'key-of-a' })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('challenges with the header to send', () => {
    expect(authenticator.challenge('No API key')).toBe('ApiKey realm="connect-analytics", header="x-api-key", error_description="No API key"');
  });
});
