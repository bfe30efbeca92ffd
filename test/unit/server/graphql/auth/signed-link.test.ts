import { AppError } from '../../../../../src/domain/errors';
import { hasScope, scopeIncludes } from '../../../../../src/domain/principal';
import { anonymousAuthenticator, type Authenticator } from '../../../../../src/server/graphql/auth/authenticator';
import { createSignedLinkSigner, linkToken, parseTtlSeconds, withSignedLinks } from '../../../../../src/server/graphql/auth/signed-link';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e';
const NOW_MS = Date.parse('2026-12-06T12:00:00Z');
const claims = { principal: 'lobby-tv', scopes: ['live:read', 'metrics:read'] as const, instances: [INSTANCE] };

/** The error a call throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a throw');
}

/** A token whose payload was replaced by `payload`, keeping the original signature. */
function withPayload(token: string, payload: unknown): string {
  const [prefix, , signature] = token.split('.');
  return `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('signed links', () => {
  const signer = createSignedLinkSigner(SECRET, 86_400);

  it('round-trips: the principal carries the link\'s scopes, instances and expiry', () => {
    const { token, expiresAtMs } = signer.sign({ ...claims, scopes: [...claims.scopes] }, 8 * 3600, NOW_MS);
    expect(token).toMatch(/^wbl1\.[\w-]+\.[\w-]+$/);
    expect(expiresAtMs).toBe(NOW_MS + 8 * 3600 * 1000);
    const principal = signer.verify(token, NOW_MS + 1000);
    expect(principal.id).toBe('link:lobby-tv');
    expect(principal.method).toBe('link');
    expect(principal.expiresAtMs).toBe(expiresAtMs);
    expect(hasScope(principal, 'live:read')).toBe(true);
    expect(hasScope(principal, 'metrics:read')).toBe(true);
    expect(hasScope(principal, 'contacts:read')).toBe(false);
    expect(scopeIncludes(principal.instances, INSTANCE)).toBe(true);
    expect(scopeIncludes(principal.instances, INSTANCE.replace('8ca95e2f', '00000000'))).toBe(false);
  });

  it('refuses an expired link with UNAUTHENTICATED "expired"', () => {
    const { token } = signer.sign({ ...claims, scopes: [...claims.scopes] }, 60, NOW_MS);
    expect(() => signer.verify(token, NOW_MS + 59_000)).not.toThrow();
    const error = thrown(() => signer.verify(token, NOW_MS + 60_000));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/signed link expired at 2026-12-06T12:01:00.000Z/);
  });

  it('refuses a tampered payload (more scopes, other instance, later expiry) and a tampered signature', () => {
    const { token } = signer.sign({ ...claims, scopes: [...claims.scopes] }, 60, NOW_MS);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    for (const changed of [{ ...payload, exp: (payload.exp as number) + 3600 }, { ...payload, ins: ['*'] }, { ...payload, scp: ['live:read', 'contacts:read'] }]) {
      expect(thrown(() => signer.verify(withPayload(token, changed), NOW_MS)).message).toMatch(/invalid \(bad signature\)/);
    }
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(thrown(() => signer.verify(flipped, NOW_MS)).code).toBe('UNAUTHENTICATED');
    expect(thrown(() => signer.verify('not-a-token', NOW_MS)).message).toMatch(/not a link token/);
  });

  it('refuses a link signed with another secret', () => {
    const other = createSignedLinkSigner(`${SECRET}-rotated`, 86_400);
    const { token } = other.sign({ ...claims, scopes: [...claims.scopes] }, 60, NOW_MS);
    expect(thrown(() => signer.verify(token, NOW_MS)).message).toMatch(/bad signature/);
  });

  it('caps scopes and TTL when signing, and again when verifying a correctly signed but over-generous token', () => {
    expect(() => signer.sign({ ...claims, scopes: ['live:read', 'admin'] }, 60, NOW_MS)).toThrow(/refused: admin/);
    expect(() => signer.sign({ ...claims, scopes: ['ingest:write'] }, 60, NOW_MS)).toThrow(RangeError);
    expect(() => signer.sign({ ...claims, scopes: ['live:read'] }, 86_401, NOW_MS)).toThrow(/1 to 86400 seconds/);
    expect(() => signer.sign({ ...claims, scopes: ['live:read'], instances: ['instance-1'] }, 60, NOW_MS)).toThrow(/instance ARNs/);
    // A laxer signer (same secret, longer maximum) issues a 2-day link: the strict verifier refuses it.
    const lax = createSignedLinkSigner(SECRET, 7 * 86_400);
    const { token } = lax.sign({ ...claims, scopes: ['live:read'] }, 2 * 86_400, NOW_MS);
    expect(thrown(() => signer.verify(token, NOW_MS)).message).toMatch(/lifetime over 86400 s/);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => createSignedLinkSigner('short')).toThrow(/at least 32 bytes/);
  });

  it('parses TTLs', () => {
    expect(parseTtlSeconds('8h')).toBe(28_800);
    expect(parseTtlSeconds('30m')).toBe(1_800);
    expect(parseTtlSeconds('90')).toBe(90);
    expect(parseTtlSeconds('1d')).toBe(86_400);
    expect(parseTtlSeconds('eight hours')).toBeUndefined();
  });

  it('withSignedLinks: Link tokens go to the signer, other credentials to the wrapped authenticator', async () => {
    const inner: Authenticator = { ...anonymousAuthenticator, mode: 'apikey', challenge: () => 'ApiKey realm="x"' };
    const authenticator = withSignedLinks(inner, signer);
    const { token } = signer.sign({ ...claims, scopes: ['live:read'] }, 3600);
    expect(linkToken({ Authorization: `Link ${token}` })).toBe(token);
    await expect(authenticator.authenticate({ authorization: `Link ${token}` })).resolves.toMatchObject({ id: 'link:lobby-tv' });
    await expect(authenticator.authenticate({ 'x-api-key': 'k' })).resolves.toMatchObject({ id: 'anonymous' });
    await expect(authenticator.authenticate({ authorization: 'Link wbl1.x.y' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(authenticator.challenge('m')).toBe('ApiKey realm="x", Link realm="connect-analytics"');
  });
});
