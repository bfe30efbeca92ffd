import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

const root = path.resolve(__dirname, '../../..');
const operationsDir = path.join(root, 'test', 'operations');

interface PostmanScript {
  listen: string;
  script: { type: string; exec: string[] };
}
interface PostmanRequest {
  name: string;
  event: PostmanScript[];
  request: { method: string; url: { raw: string }; body: { mode: string; graphql: { query: string; variables: string } } };
}
interface PostmanCollection {
  info: { schema: string };
  event: PostmanScript[];
  variable: { key: string; value: string }[];
  item: { name: string; item: PostmanRequest[] }[];
}

const { relativeDates } = createRequire(__filename)(path.join(root, 'scripts', 'postman-variables.cjs')) as {
  relativeDates: (nowMs: number, timeZone: string) => Record<string, string>;
};
const DATE_VARIABLES = Object.keys(relativeDates(0, 'UTC'));

/** The .graphql files under test/operations, relative, sorted. */
function operationFiles(dir = operationsDir, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? operationFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.graphql') ? [`${prefix}${e.name}`] : []));
}

describe('postman/collection.json', () => {
  const collection = JSON.parse(fs.readFileSync(path.join(root, 'postman', 'collection.json'), 'utf8')) as PostmanCollection;

  it('is what `npm run postman` generates from test/operations (no drift)', () => {
    const check = spawnSync(process.execPath, [path.join(root, 'scripts', 'postman.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('has one POST {{baseUrl}}/graphql request per operation, with its text and example variables for every required variable', () => {
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.variable[0]).toEqual({ key: 'baseUrl', value: 'http://localhost:4000', type: 'string' });
    expect(collection.variable.map((v) => v.key)).toEqual(['baseUrl', 'timeZone', ...DATE_VARIABLES, 'contactId']);
    expect(collection.variable.find((v) => v.key === 'timeZone')?.value).toBe('America/New_York');
    const files = operationFiles();
    expect(collection.item.map((f) => f.name)).toEqual(files.map((f) => f.replace(/\.graphql$/, '')));
    for (const file of files) {
      const source = fs.readFileSync(path.join(operationsDir, file), 'utf8');
      const operations = parse(source).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const folder = collection.item.find((f) => f.name === file.replace(/\.graphql$/, ''))!;
      expect(folder.item.map((r) => r.name)).toEqual(operations.map((o) => o.name?.value));
      for (const [i, op] of operations.entries()) {
        const { request } = folder.item[i];
        expect(request.method).toBe('POST');
        expect(request.url.raw).toBe('{{baseUrl}}/graphql');
        expect(request.body.mode).toBe('graphql');
        expect(request.body.graphql.query).toBe(source.slice(op.loc!.start, op.loc!.end));
        const variables = JSON.parse(request.body.graphql.variables) as Record<string, unknown>;
        if (file.startsWith('kpis')) {
          const required = (op.variableDefinitions ?? []).filter((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue).map((v) => v.variable.name.value);
          expect(Object.keys(variables)).toEqual(expect.arrayContaining(required));
        }
      }
    }
  });

  const requests = collection.item.flatMap((f) => f.item);

  it('uses only variables the collection defines, and no fixed dates', () => {
    const defined = new Set(collection.variable.map((v) => v.key));
    for (const r of requests) {
      const text = `${r.request.url.raw} ${r.request.body.graphql.variables}`;
      const used = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
      expect([r.name, used.filter((name) => !defined.has(name))]).toEqual([r.name, []]);
      expect([r.name, r.request.body.graphql.variables.match(/\d{4}-\d{2}-\d{2}/g)]).toEqual([r.name, null]);
    }
  });

  it('gives every request tests: status 200, no errors, its root fields, and non-empty data where declared', () => {
    for (const r of requests) {
      const tests = r.event.filter((e) => e.listen === 'test').flatMap((e) => e.script.exec);
      const assertions = tests.filter((line) => line.startsWith('pm.test('));
      expect([r.name, assertions.length >= 4]).toEqual([r.name, true]);
      expect(tests.join('\n')).toContain('pm.response.to.have.status(200)');
      expect(tests.join('\n')).toContain('body.errors');
      // The test scripts are valid JavaScript.
      expect(() => new vm.Script(tests.join('\n'))).not.toThrow();
    }
    const contactsPage = requests.find((r) => r.name === 'ContactsPage')!;
    expect(contactsPage.event[0].script.exec.join('\n')).toContain("pm.collectionVariables.set(\"contactId\", value)");
    for (const byId of ['ContactById', 'KpiContactJourney']) {
      // The saved contact is one of yesterday's: its days are the lookup's hint (a lookup by id reads only the days it is given).
      expect(JSON.parse(requests.find((r) => r.name === byId)!.request.body.graphql.variables)).toEqual({ contactId: '{{contactId}}', initiatedAfter: '{{dayFrom}}', initiatedBefore: '{{dayTo}}' });
    }
  });

  it('sets the date variables before every request, relative to today, in a sandbox without Intl as Postman’s', () => {
    const prerequest = collection.event.filter((e) => e.listen === 'prerequest').flatMap((e) => e.script.exec);
    const set: Record<string, string> = {};
    const pm = {
      variables: { get: (key: string) => (key === 'timeZone' ? 'America/New_York' : undefined) },
      collectionVariables: { set: (key: string, value: string) => (set[key] = value) },
    };
    const before = Date.now();
    // A context without Intl, like the Postman/newman sandbox; Date is the context's own.
    const context = vm.createContext({ pm });
    vm.runInContext('delete globalThis.Intl;', context);
    vm.runInContext(prerequest.join('\n'), context);
    expect(Object.keys(set)).toEqual(DATE_VARIABLES);
    const expected = relativeDates(before, 'America/New_York');
    // The same values as the function the tests use (unless the minute turned in between).
    if (expected.now === set.now) expect(set).toEqual(expected);
    expect(set.dayFrom).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00-0[45]:00$/);
    expect(Date.parse(set.dayTo) - Date.parse(set.dayFrom)).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(Date.parse(set.dayTo)).toBeLessThanOrEqual(before);
  });
});
