import { parse } from 'graphql';
import { instanceScopeOf, type AuthScope, type Principal } from '../../../../src/domain/principal';
import { cohortKeyOf } from '../../../../src/server/ws/cohort-key';

const A = 'arn:aws:connect:us-west-2:111122223333:instance/aaaa';
const B = 'arn:aws:connect:us-west-2:111122223333:instance/bbbb';

const principal = (id: string, scopes: AuthScope[], instances: string[]): Principal => ({ id, method: 'apikey', scopes: new Set(scopes), instances: instanceScopeOf(instances) });
const doc = (text: string) => parse(text);
const QUERY = 'subscription Watch($f: AgentStateFilter) { agentStateChanged(filter: $f) { username activity } }';

describe('cohortKeyOf', () => {
  it('gives one key for the same operation, variables and scope, whoever the principal and however the text is spaced or the variables ordered', () => {
    const one = cohortKeyOf({ document: doc(QUERY), operationName: 'Watch', variableValues: { f: { queue: 'Sales', activity: ['ON_CONTACT'] } }, principal: principal('key-1', ['live:read'], [A, B]) });
    const two = cohortKeyOf({
      document: doc(`# a wallboard\n${QUERY.replace(/ /g, '   ')}`),
      operationName: 'Watch',
      variableValues: { f: { activity: ['ON_CONTACT'], queue: 'Sales' } },
      principal: principal('key-2', ['live:read'], [B, A]),
    });
    expect(two).toBe(one);
  });

  it('separates different instance scopes', () => {
    const input = { document: doc(QUERY), operationName: 'Watch', variableValues: {} };
    expect(cohortKeyOf({ ...input, principal: principal('a', ['live:read'], [A]) })).not.toBe(cohortKeyOf({ ...input, principal: principal('b', ['live:read'], [B]) }));
    expect(cohortKeyOf({ ...input, principal: principal('a', ['live:read'], [A]) })).not.toBe(cohortKeyOf({ ...input, principal: principal('all', ['live:read'], ['*']) }));
  });

  it('separates pii:read (masking differs) and other scopes; admin counts as every scope', () => {
    const input = { document: doc(QUERY), operationName: 'Watch', variableValues: {} };
    const plain = cohortKeyOf({ ...input, principal: principal('a', ['live:read'], [A]) });
    const pii = cohortKeyOf({ ...input, principal: principal('b', ['live:read', 'pii:read'], [A]) });
    expect(pii).not.toBe(plain);
    expect(cohortKeyOf({ ...input, principal: principal('c', ['live:read', 'contacts:read'], [A]) })).not.toBe(plain);
    const everyScope: AuthScope[] = ['metrics:read', 'contacts:read', 'pii:read', 'live:read', 'ingest:write', 'admin'];
    expect(cohortKeyOf({ ...input, principal: principal('admin', ['admin'], [A]) })).toBe(cohortKeyOf({ ...input, principal: principal('all', everyScope, [A]) }));
  });

  it('separates different variables, operation names and selections', () => {
    const base = { document: doc(QUERY), operationName: 'Watch', variableValues: { f: { queue: 'Sales' } }, principal: principal('a', ['live:read'], [A]) };
    const key = cohortKeyOf(base);
    expect(cohortKeyOf({ ...base, variableValues: { f: { queue: 'Support' } } })).not.toBe(key);
    expect(cohortKeyOf({ ...base, variableValues: null })).not.toBe(key);
    expect(cohortKeyOf({ ...base, document: doc(QUERY.replace('activity', 'status')) })).not.toBe(key);
    expect(cohortKeyOf({ ...base, document: doc(QUERY.replace('Watch', 'Other')), operationName: 'Other' })).not.toBe(key);
  });
});
