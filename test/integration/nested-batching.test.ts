import type { ContactsWithDetailsQuery, ContactsWithDetailsQueryVariables } from '../generated/operations';
import { postOperation, postQuery } from '../helpers/graphql-client';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

/**
 * The portal's round trip: 100 contacts with their agent's live state, journey, Contact Lens
 * analysis and evaluations. DataLoaders batch each relation into one backend call, so the whole
 * query costs at most 5: the page, journeys, analyses, evaluations (DuckDB) and one BatchGetItem.
 */
describe('nested relations are batched', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 100 contacts with agent { state }, journey, analysis and evaluations in at most 5 backend calls', async () => {
    // The agent directory is built once per process and cached; warm it so the count is the steady state.
    await postQuery(server.url, '{ agents(first: 1) { edges { node { id } } } }');
    const filter = { from: `${TEST_DATA.start}T00:00:00Z`, to: '2026-11-21T00:00:00Z', channel: 'VOICE' as const };
    const { body } = await postOperation<ContactsWithDetailsQuery, ContactsWithDetailsQueryVariables>(server.url, 'contact-details', 'ContactsWithDetails', { filter, first: 100 });
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.contacts.edges.map((e) => e.node);
    expect(nodes).toHaveLength(100);
    expect(nodes.filter((n) => n.agent !== null).length).toBeGreaterThan(50);
    expect(nodes.filter((n) => n.journey.length > 0).length).toBeGreaterThan(50);
    const calls = body.extensions!.stats!.backendCalls;
    expect(calls).toEqual({ duckdb: 4, dynamodb: 1 });
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5);
  });
});
