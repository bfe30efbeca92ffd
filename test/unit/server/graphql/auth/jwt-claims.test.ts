import { UnauthenticatedError } from '../../../../../src/domain/errors';
import { principalFromClaims, scopeOfTokenScope } from '../../../../../src/server/graphql/auth/jwt-claims';

const MAPPING = { principalClaim: 'sub', scopesClaim: 'scope', instancesClaim: 'connect_instances' };
const A = 'arn:aws:connect:us-west-2:111122223333:instance/aaaa';
const B = 'arn:aws:connect:us-west-2:111122223333:instance/bbbb';

describe('JWT claim mapping', () => {
  it('reads a space-separated scope string (OAuth, Cognito) and an instance array, and exp', () => {
    const principal = principalFromClaims({ sub: 'user-1', scope: 'openid metrics:read  live:read', connect_instances: [A, B], exp: 2_000_000_000 }, MAPPING);
    expect(principal).toEqual({ id: 'user-1', method: 'jwt', scopes: new Set(['metrics:read', 'live:read']), instances: { kind: 'instances', instanceArns: [A, B] }, expiresAtMs: 2_000_000_000_000 });
  });

  it('accepts Cognito resource-server scopes ending with /<scope>, ignores others', () => {
    expect(scopeOfTokenScope('https://analytics.example.com/metrics:read')).toBe('metrics:read');
    expect(scopeOfTokenScope('analytics/pii:read')).toBe('pii:read');
    expect(scopeOfTokenScope('metrics:read:all')).toBeUndefined();
    expect(scopeOfTokenScope('xmetrics:read')).toBeUndefined();
    const principal = principalFromClaims({ sub: 'c', scope: 'https://api/contacts:read aws.cognito.signin.user.admin other/thing' }, MAPPING);
    expect([...principal.scopes]).toEqual(['contacts:read']);
  });

  it('reads scopes from an array claim and instances from a comma or space separated string; "*" is every instance', () => {
    const mapping = { principalClaim: 'email', scopesClaim: 'scp', instancesClaim: 'custom:instances' };
    const principal = principalFromClaims({ email: 'ann@example.com', scp: ['admin', 42], 'custom:instances': `${A}, ${B}` }, mapping);
    expect(principal.id).toBe('ann@example.com');
    expect([...principal.scopes]).toEqual(['admin']);
    expect(principal.instances).toEqual({ kind: 'instances', instanceArns: [A, B] });
    expect(principalFromClaims({ sub: 's', connect_instances: '*' }, MAPPING).instances).toEqual({ kind: 'all' });
  });

  it('gives no scope and no instance when the claims are missing, and has no expiry without exp', () => {
    const principal = principalFromClaims({ sub: 's' }, MAPPING);
    expect(principal.scopes.size).toBe(0);
    expect(principal.instances).toEqual({ kind: 'instances', instanceArns: [] });
    expect(principal.expiresAtMs).toBeUndefined();
  });

  it('refuses a token without the principal claim, naming the claim', () => {
    expect(() => principalFromClaims({ scope: 'admin' }, MAPPING)).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ sub: '  ' }, MAPPING)).toThrow(/'sub' claim/);
  });
});
