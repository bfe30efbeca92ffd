import 'reflect-metadata';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '../../../../src/config/env';
import { buildAppSchema } from '../../../../src/server/graphql/schema';
import { COST_UNITS, estimateOperationCost } from '../../../../src/server/graphql/query-cost';
import { queryLimitsOf, staticLimitRules } from '../../../../src/server/graphql/query-limits';

const ROOT = path.resolve(__dirname, '../../../..');
const { maxCost: DEFAULT_MAX_COST } = loadConfig({ NODE_ENV: 'test' }).limits;
const { maxPageSize: MAX_PAGE_SIZE } = loadConfig({ NODE_ENV: 'test' }).server;
const { relativeDates, DEMO_TIME_ZONE } = createRequire(__filename)(path.join(ROOT, 'scripts/postman-variables.cjs')) as {
  relativeDates: (nowMs: number, timeZone: string) => Record<string, string>;
  DEMO_TIME_ZONE: string;
};

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  estimateOperationCost({ schema, document: parse(query), variables, operationName }, { maxPageSize: MAX_PAGE_SIZE });

const DAY = { from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' };
const { sourceDay, lookup, listSize, live } = COST_UNITS;

/** `{{name}}` placeholders of an example's variables, filled as the Postman collection fills them. */
function fill(value: unknown, values: Record<string, string>): unknown {
  return JSON.parse(JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => values[name] ?? 'x'));
}

describe('the cost model', () => {
  it('costs a page of contacts as the days it scans plus first × its selection', () => {
    const q = `query($f: ContactFilter!, $n: Int) { contacts(filter: $f, first: $n) { edges { node { contactId agent { username } } } } }`;
    expect(cost(q, { f: DAY, n: 20 })).toBe(1 * sourceDay + 20 * lookup);
    expect(cost(q, { f: { from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' }, n: 20 })).toBe(7 * sourceDay + 20 * lookup);
    // A Contact Lens category filter reads a second source.
    expect(cost(q, { f: { ...DAY, contactLensCategory: 'x' }, n: 20 })).toBe(2 * sourceDay + 20 * lookup);
    // Without `first`: the schema's default page size; above MAX_PAGE_SIZE: the cap.
    expect(cost(q, { f: DAY })).toBe(sourceDay + COST_UNITS.defaultPageSize * lookup);
    expect(cost(q, { f: DAY, n: 100_000 })).toBe(sourceDay + MAX_PAGE_SIZE * lookup);
  });

  it('costs contact(contactId) as a lookup, and with an initiatedAfter hint as the hinted days it scans', () => {
    const q = `query($id: ID!, $after: DateTimeISO, $before: DateTimeISO) { contact(contactId: $id, initiatedAfter: $after, initiatedBefore: $before) { contactId } }`;
    expect(cost(q, { id: 'c' })).toBe(lookup);
    expect(cost(q, { id: 'c', before: DAY.to })).toBe(lookup);
    expect(cost(q, { id: 'c', after: DAY.from, before: DAY.to })).toBe(sourceDay);
    expect(cost(q, { id: 'c', after: '2026-01-01T00:00:00Z', before: '2026-04-11T00:00:00Z' })).toBe(100 * sourceDay);
  });

  it('reads first and ranges from variables, inline values, fragments and inline fragments alike', () => {
    const inline = cost(`{ contacts(filter: {from: "${DAY.from}", to: "${DAY.to}"}, first: 30) { edges { node { agent { username } } } } }`);
    const fragment = cost(
      `query($f: ContactFilter!, $n: Int) { contacts(filter: $f, first: $n) { ...Page } } fragment Page on ContactConnection { edges { node { ... on Contact { agent { username } } } } }`,
      { f: DAY, n: 30 },
    );
    expect(inline).toBe(sourceDay + 30 * lookup);
    expect(fragment).toBe(inline);
  });

  it('costs metrics as the scan plus intervals × (groupings + 1) × metrics', () => {
    const q = `query($i: MetricsInput!) { metrics(input: $i) { rows { metrics { name value } } } }`;
    const month = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const input = { ...month, interval: 'DAY', groupings: [{ key: 'QUEUE' }, { key: 'CHANNEL' }], metrics: [{ name: 'CONTACTS_HANDLED' }, { name: 'AVG_HANDLE_TIME' }, { name: 'CONTACTS_ABANDONED' }] };
    expect(cost(q, { i: input })).toBe(30 * 1 * sourceDay + 30 * 3 * 3);
    expect(cost(q, { i: { ...input, interval: 'TOTAL', groupings: [] } })).toBe(30 * sourceDay + 1 * 1 * 3);
    // Intraday: 3 days of quarter hours.
    expect(cost(q, { i: { from: '2026-11-01T00:00:00Z', to: '2026-11-04T00:00:00Z', interval: 'FIFTEEN_MIN', metrics: [{ name: 'CONTACTS_HANDLED' }] } })).toBe(3 * sourceDay + 288);
  });

  it('costs metrics over the range the request counts, widened to whole intervals in its time zone', () => {
    const q = `query($i: MetricsInput!) { metrics(input: $i) { rows { metrics { name value } } } }`;
    const one = [{ name: 'CONTACTS_HANDLED' }];
    // 2026-11-10 10:07 to 2026-12-05 10:07 in New York by MONTH counts November and December, 2026-11-01T04:00Z to
    // 2027-01-01T05:00Z: 61 days and 1 hour, so 62 days scanned and 3 intervals of the model's 30-day MONTH.
    const midMonth = { from: '2026-11-10T10:07:00-05:00', to: '2026-12-05T10:07:00-05:00', interval: 'MONTH', timeZone: 'America/New_York', metrics: one };
    expect(cost(q, { i: midMonth })).toBe(62 * sourceDay + 3);
    // The same range by TOTAL is not widened: 25 days, 1 interval.
    expect(cost(q, { i: { ...midMonth, interval: 'TOTAL' } })).toBe(25 * sourceDay + 1);
    // A mid-day DAY range of 24 hours counts two whole days.
    expect(cost(q, { i: { from: '2026-11-10T10:07:00Z', to: '2026-11-11T10:07:00Z', interval: 'DAY', timeZone: 'UTC', metrics: one } })).toBe(2 * sourceDay + 2);
    // An input the resolver refuses (unknown time zone) is costed on the range as given.
    expect(cost(q, { i: { ...midMonth, timeZone: 'Mars/Olympus' } })).toBe(25 * sourceDay + 1);
  });

  it('costs live fields and subscriptions as small constants', () => {
    expect(cost(`{ agentStates { username } }`)).toBe(live);
    expect(cost(`subscription { agentStateChanged { username } }`)).toBe(live);
    expect(cost(`subscription { serverTimeTicks }`)).toBe(1);
    // Queue contact counts: each selected contact field adds a live read; agent counts do not.
    expect(cost(`{ queue(id: "q") { realtime { agentsOnline } } }`)).toBe(lookup + live);
    expect(cost(`{ queue(id: "q") { realtime { contactsInQueue contactsInQueueByChannel { channel count } oldestContactInQueueAgeSeconds contactsConnected contactsScheduled } } }`)).toBe(lookup + live + 5 * live);
    expect(cost(`subscription { queueRealtimeChanged { arn realtime { contactsInQueue } } }`)).toBe(live + live + live);
    expect(cost(`{ agentStates { contacts { contact { contactId } } } }`)).toBe(live + listSize * listSize * lookup);
  });

  it('costs introspection and operations named __schema or __typename like any other', () => {
    const costly = `contacts(filter: {from: "2026-01-01T00:00:00Z", to: "2026-12-01T00:00:00Z"}, first: 500) { edges { node { agent { contacts(from: "2026-01-01T00:00:00Z", to: "2026-12-01T00:00:00Z", first: 500) { edges { node { contactId } } } } } } }`;
    const plain = cost(`query { ${costly} }`);
    expect(plain).toBeGreaterThan(DEFAULT_MAX_COST);
    expect(cost(`query __schema { ${costly} }`, {}, '__schema')).toBe(plain);
    expect(cost(`query __typename { ${costly} }`, {}, '__typename')).toBe(plain);
    expect(cost(`query { __schema { types { name } } ${costly} }`)).toBe(plain);
    expect(cost(`query A { __typename } query B { ${costly} }`, {}, 'B')).toBe(plain);
    expect(cost(`query A { __typename } query B { ${costly} }`, {}, 'A')).toBe(0);
  });

  it('refuses the published denial-of-service shapes: agents{contacts{agent{contacts…}}} four levels deep, 200 metrics aliases', () => {
    const range = `from: "2026-11-19T00:00:00Z", to: "2026-11-20T00:00:00Z"`;
    const level = (inner: string) => `contacts(${range}) { edges { node { agent { ${inner} } } } }`;
    const nested = `{ agents { edges { node { ${level(level(level(`contacts(${range}) { edges { node { contactId } } }`)))} } } } }`;
    expect(cost(nested)).toBeGreaterThan(DEFAULT_MAX_COST);
    const metric = (i: number) =>
      `m${i}: metrics(input: {from: "2026-10-20T00:00:00Z", to: "2026-11-20T00:00:00Z", interval: DAY, groupings: [{key: QUEUE}], metrics: [{name: CONTACTS_HANDLED}]}) { rows { metrics { value } } }`;
    expect(cost(`{ ${Array.from({ length: 200 }, (_, i) => metric(i)).join(' ')} }`)).toBeGreaterThan(DEFAULT_MAX_COST);
  });

  describe('accepts every example of test/operations and the README: static limits, and cost with margin (at most half the default limit)', () => {
    const examples: { name: string; document: string; operationName?: string; variables: Record<string, unknown> }[] = [];
    const values = relativeDates(Date.parse('2026-11-21T00:00:00Z'), DEMO_TIME_ZONE);
    const operationsDir = path.join(ROOT, 'test/operations');
    for (const file of fs.readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'))) {
      const document = fs.readFileSync(path.join(operationsDir, file), 'utf8');
      const lines = document.split('\n');
      for (const d of parse(document).definitions) {
        if (d.kind !== 'OperationDefinition' || !d.name) continue;
        // The comment block right above the operation (see scripts/postman.mjs).
        const block: string[] = [];
        for (let i = (d as OperationDefinitionNode).loc!.startToken.line - 2; i >= 0 && lines[i].trim().startsWith('#'); i--) block.push(lines[i].trim());
        const line = block.find((l) => l.startsWith('# variables:'));
        const variables = line ? (fill(JSON.parse(line.slice('# variables:'.length)), values) as Record<string, unknown>) : {};
        examples.push({ name: `${file} ${d.name.value}`, document, operationName: d.name.value, variables });
      }
    }
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)) {
      examples.push({ name: `README ${m[1].slice(0, 40)}`, document: m[1], variables: { from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z', contactId: 'c' } });
    }

    it.each(examples.map((e) => [e.name, e] as const))('%s', (_name, e) => {
      // The static limits (depth, aliases, directives, tokens) accept it with the defaults.
      const limits = queryLimitsOf(loadConfig({ NODE_ENV: 'test' }), MAX_PAGE_SIZE);
      expect(validate(schema, parse(e.document, { maxTokens: limits.maxTokens }), staticLimitRules(limits)).map((error) => error.message)).toEqual([]);
      const c = cost(e.document, e.variables, e.operationName);
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThanOrEqual(DEFAULT_MAX_COST / 2);
    });
  });
});
