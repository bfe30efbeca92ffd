import { at, DEMO_TIME_ZONE, exampleOperations, relativeDates, resolve } from '../helpers/example-operations';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

const DAY_MS = 86_400_000;
/**
 * "Now" for the example variables: the end of the shared test data set, as if `npm start` had just
 * written it (its demo data ends at the moment it is written), so `{{dayFrom}}` … fall inside it.
 */
const NOW_MS = Date.parse(`${TEST_DATA.start}T00:00:00Z`) + TEST_DATA.days * DAY_MS;

/**
 * The example operations are documentation (and the Postman collection): each must run, in the
 * collection's order, with its example variables, without errors, and fill what it says it fills.
 */
describe('example operations under test/operations', () => {
  let server: TestServer;
  /** The collection variables: the dates relative to "now", the time zone, and what `# save:` lines saved. */
  const values: Record<string, string> = { ...relativeDates(NOW_MS, DEMO_TIME_ZONE), timeZone: DEMO_TIME_ZONE };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const operations = exampleOperations();

  it('gives every operation example values for its required variables', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const op of operations) expect([op.name, op.required.filter((name) => !(name in op.variables))]).toEqual([op.name, []]);
  });

  it('uses no fixed dates: every date-time in the example variables is a {{variable}} relative to today', () => {
    for (const op of operations) expect([op.name, JSON.stringify(op.variables).match(/\d{4}-\d{2}-\d{2}/g)]).toEqual([op.name, null]);
  });

  it.each(operations.map((op) => [`${op.file} ${op.name}`, op] as const))('%s runs without errors and is not empty where it says so', async (_label, op) => {
    const variables = resolve(op.variables, values) as Record<string, unknown>;
    const { status, body } = await postQuery(server.url, op.document, variables, op.name);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
    for (const p of op.expectNonEmpty) {
      const value = at(body.data, p);
      expect([p, value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? 'empty' : 'filled']).toEqual([p, 'filled']);
    }
    for (const s of op.saves) {
      const value = at(body.data, s.path);
      expect(typeof value).toBe('string');
      values[s.name] = value as string;
    }
  });
});
