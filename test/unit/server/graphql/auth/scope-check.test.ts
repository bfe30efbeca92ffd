import { ErrorCode } from '../../../../../src/domain/errors';
import { ALL_INSTANCES, ANONYMOUS_PRINCIPAL, type AuthScope, type Principal } from '../../../../../src/domain/principal';
import { missingScopeError } from '../../../../../src/server/graphql/auth/scope-check';

const principal = (id: string, scopes: AuthScope[]): Principal => ({ id, method: 'apikey', scopes: new Set(scopes), instances: ALL_INSTANCES });

describe('missingScopeError', () => {
  it('lets through a principal holding the scope, admin, and the anonymous principal', () => {
    expect(missingScopeError(principal('reader', ['metrics:read']), 'metrics:read')).toBeUndefined();
    expect(missingScopeError(principal('root', ['admin']), 'metrics:read')).toBeUndefined();
    expect(missingScopeError(ANONYMOUS_PRINCIPAL, 'ingest:write')).toBeUndefined();
  });

  it('refuses others with FORBIDDEN, the scope, its meaning and who asked', () => {
    const error = missingScopeError(principal('wallboard', ['live:read', 'contacts:read']), 'metrics:read');
    expect(error?.code).toBe(ErrorCode.FORBIDDEN);
    expect(error?.data).toEqual({ scope: 'metrics:read' });
    expect(error?.message).toBe(
      "This request needs the scope 'metrics:read' (aggregates only: metrics, statistics, workload, agent and queue directories); the credential of 'wallboard' does not have it. Ask for a key or token with 'metrics:read'.",
    );
  });
});
