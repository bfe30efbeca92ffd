import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, TEST_DATA, type TestServer } from '../helpers/test-server';

const operationsDir = path.resolve(__dirname, '../operations');
const { relativeDates, DEMO_TIME_ZONE } = createRequire(__filename)(path.resolve(__dirname, '../../scripts/postman-variables.cjs')) as {
  relativeDates: (nowMs: number, timeZone: string) => Record<string, string>;
  DEMO_TIME_ZONE: string;
};

const DAY_MS = 86_400_000;
/**
 * "Now" for the example variables: the end of the shared test data set, as if `npm start` had just
 * written it (its demo data ends at the moment it is written), so `{{dayFrom}}` … fall inside it.
 */
const NOW_MS = Date.parse(`${TEST_DATA.start}T00:00:00Z`) + TEST_DATA.days * DAY_MS;

interface ExampleOperation {
  file: string;
  name: string;
  document: string;
  /** The `# variables:` line, `{{name}}` placeholders unresolved. */
  variables: Record<string, unknown>;
  required: string[];
  expectNonEmpty: string[];
  saves: { name: string; path: string }[];
}

/** Every named operation of the example documents, with the convention lines of the comment block above it (see scripts/postman.mjs). */
function exampleOperations(): ExampleOperation[] {
  const out: ExampleOperation[] = [];
  for (const file of fs.readdirSync(operationsDir).filter((f) => f.endsWith('.graphql')).sort()) {
    const document = fs.readFileSync(path.join(operationsDir, file), 'utf8');
    const lines = document.split('\n');
    for (const definition of parse(document).definitions) {
      if (definition.kind !== 'OperationDefinition' || !definition.name) continue;
      const block: string[] = [];
      for (let line = (definition as OperationDefinitionNode).loc!.startToken.line - 2; line >= 0 && lines[line].trim().startsWith('#'); line--) block.unshift(lines[line].trim());
      const variablesLine = block.find((l) => l.startsWith('# variables:'));
      const required = (definition.variableDefinitions ?? []).filter((v) => v.type.kind === 'NonNullType' && !v.defaultValue).map((v) => v.variable.name.value);
      out.push({
        file,
        name: definition.name.value,
        document,
        variables: variablesLine ? (JSON.parse(variablesLine.slice('# variables:'.length)) as Record<string, unknown>) : {},
        required,
        expectNonEmpty: block
          .filter((l) => l.startsWith('# expect non-empty:'))
          .flatMap((l) => l.slice('# expect non-empty:'.length).split(','))
          .map((p) => p.trim())
          .filter(Boolean),
        saves: block
          .filter((l) => l.startsWith('# save:'))
          .map((l) => /^# save:\s*(\w+)\s*=\s*([\w.]+)$/.exec(l)!)
          .map((m) => ({ name: m[1], path: m[2] })),
      });
    }
  }
  return out;
}

/** `value` with every "{{name}}" replaced from `values`, as Postman does. */
function resolve(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      if (!(name in values)) throw new Error(`{{${name}}} has no value (known: ${Object.keys(values).join(', ')})`);
      return values[name];
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, values)]));
  return value;
}

/** The value at a dot-separated path (list indexes as numbers). */
function at(data: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, key) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key]), data);
}

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
