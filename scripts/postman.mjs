#!/usr/bin/env node
// Generates postman/collection.json (Postman collection v2.1) from the GraphQL operations the tests
// send and codegen types: test/operations/**/*.graphql.
//
//   node scripts/postman.mjs           write postman/collection.json
//   node scripts/postman.mjs --check   exit 1 when postman/collection.json differs from what would be written
//
// One folder per .graphql file (named by its path without the extension), one request per named
// operation: POST {{baseUrl}}/graphql, body mode "graphql" with the operation's own text as `query`
// and its example variables. Collection variable baseUrl = http://localhost:4000.
//
// Conventions in the .graphql files:
//   - The comment lines directly above an operation are its description (the request's description).
//   - Among them, one line `# variables: {...}` (one line of JSON) gives the example variables;
//     without it the variables are {}. A string "{{name}}" in it is a collection variable: the dates
//     of scripts/postman-variables.cjs (relative to today; the collection's pre-request script sets
//     them before every request), timeZone, or one a `# save:` line of an earlier request sets.
//   - `# expect non-empty: path, path …`: paths under `data` (dot-separated, list indexes as numbers)
//     the demo data always fills: a test fails when one is null, missing or an empty list.
//   - `# save: name = path`: after the request, the value at `data.path` becomes collection variable
//     `name` (e.g. the contacts list saves a contactId for the requests by id that follow it).
// Every request gets tests (pm.test): HTTP 200, a JSON answer without `errors`, `data` holding each
// root field of the operation, plus the `# expect non-empty` paths and `# save` values, so that
// `newman run postman/collection.json` fails when an answer is empty or wrong.
// The output is deterministic (ids derived from file and operation names), so it can be committed
// and checked for drift (test/unit/postman-collection.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const operationsDir = path.join(root, 'test', 'operations');
const outFile = path.join(root, 'postman', 'collection.json');
const VARIABLES_PREFIX = '# variables:';
const EXPECT_PREFIX = '# expect non-empty:';
const SAVE_PREFIX = '# save:';
const { relativeDates, DEMO_TIME_ZONE } = createRequire(import.meta.url)('./postman-variables.cjs');
/** The date variables the pre-request script sets (the keys relativeDates returns). */
const DATE_VARIABLES = Object.keys(relativeDates(0, 'UTC'));
const DATE_DESCRIPTIONS = {
  dayFrom: 'Yesterday 00:00 in timeZone (set before every request).',
  dayTo: 'Today 00:00 in timeZone (set before every request).',
  twoDaysFrom: 'The day before yesterday 00:00 in timeZone (set before every request).',
  workloadFrom: 'Yesterday 09:00 in timeZone (set before every request).',
  workloadTo: 'Yesterday 12:00 in timeZone (set before every request).',
  now: 'The current minute, UTC (set before every request).',
};

/** A stable UUID-shaped id from a name. */
function stableId(name) {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Every .graphql file under a folder, sorted, relative to it with forward slashes. */
function graphqlFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) return graphqlFiles(path.join(dir, e.name), rel);
      return e.name.endsWith('.graphql') ? [rel] : [];
    });
}

/** The comment block directly above `offset` in `source` (lines starting with #, no blank line in between). */
function commentAbove(source, offset) {
  const lines = source.slice(0, offset).split('\n');
  lines.pop(); // the operation's own line, up to its keyword
  const block = [];
  while (lines.length && lines.at(-1).trim().startsWith('#')) block.unshift(lines.pop().trim());
  return block;
}

/** The requests of one file: name, description, query text, example variables. */
export function operationsOf(file, source) {
  const document = parse(source);
  return document.definitions
    .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => {
      if (!d.name) throw new Error(`${file}: every operation must be named`);
      const comments = commentAbove(source, d.loc.start);
      const variablesLine = comments.find((l) => l.startsWith(VARIABLES_PREFIX));
      let variables = {};
      if (variablesLine) {
        try {
          variables = JSON.parse(variablesLine.slice(VARIABLES_PREFIX.length));
        } catch (error) {
          throw new Error(`${file}: operation ${d.name.value}: '${VARIABLES_PREFIX}' is not one line of JSON: ${error.message}`);
        }
      }
      const where = `${file}: operation ${d.name.value}`;
      const expectNonEmpty = comments
        .filter((l) => l.startsWith(EXPECT_PREFIX))
        .flatMap((l) => l.slice(EXPECT_PREFIX.length).split(','))
        .map((p) => p.trim())
        .filter(Boolean);
      const saves = comments
        .filter((l) => l.startsWith(SAVE_PREFIX))
        .map((l) => {
          const match = /^(\w+)\s*=\s*([\w.]+)$/.exec(l.slice(SAVE_PREFIX.length).trim());
          if (!match) throw new Error(`${where}: '${l}' is not '${SAVE_PREFIX} name = path'`);
          return { name: match[1], path: match[2] };
        });
      const description = comments
        .filter((l) => ![VARIABLES_PREFIX, EXPECT_PREFIX, SAVE_PREFIX].some((prefix) => l.startsWith(prefix)))
        .map((l) => l.replace(/^#\s?/, ''))
        .join('\n');
      const rootFields = d.selectionSet.selections
        .filter((sel) => sel.kind === Kind.FIELD && sel.name.value !== '__typename')
        .map((sel) => (sel.alias ?? sel.name).value);
      return { name: d.name.value, description, query: source.slice(d.loc.start, d.loc.end), variables, expectNonEmpty, saves, rootFields };
    });
}

/** The `{{name}}` references in a value (strings anywhere inside it). */
function placeholders(value) {
  if (typeof value === 'string') return [...value.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

/** The collection-level pre-request script: the date variables, relative to today in timeZone. */
function preRequestScript() {
  return [
    '// The date variables of the requests, relative to today in the contact center\'s time zone (collection',
    '// variable timeZone): the demo data `npm start` writes covers the 7 days up to the moment it was written.',
    '// Set before every request by relativeDates (scripts/postman-variables.cjs, the same code the tests use).',
    '// An environment variable of the same name overrides one of them (e.g. dayFrom and dayTo for another day).',
    ...`const relativeDates = ${relativeDates.toString()};`.split('\n'),
    `const dates = relativeDates(Date.now(), pm.variables.get('timeZone') || '${DEMO_TIME_ZONE}');`,
    'Object.keys(dates).forEach((key) => pm.collectionVariables.set(key, dates[key]));',
  ];
}

/** The tests of one request: the answer is a GraphQL success, non-empty where the demo data guarantees it. */
function testScript(op) {
  const q = (v) => JSON.stringify(v);
  return [
    '// Generated by scripts/postman.mjs from the operation (its root fields, `# expect non-empty`, `# save`).',
    "pm.test('HTTP 200', () => pm.response.to.have.status(200));",
    'let body = {};',
    "pm.test('the answer is JSON', () => { body = pm.response.json(); });",
    "pm.test('no GraphQL errors', () => pm.expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined));",
    `pm.test(${q(`data has ${op.rootFields.join(', ')}`)}, () => pm.expect(body.data).to.be.an('object').that.includes.all.keys(${op.rootFields.map(q).join(', ')}));`,
    ...(op.expectNonEmpty.length + op.saves.length > 0
      ? ["const at = (path) => path.split('.').reduce((value, key) => (value === null || value === undefined ? undefined : value[key]), body.data);"]
      : []),
    ...op.expectNonEmpty.map(
      (p) => `pm.test(${q(`${p} is not empty`)}, () => { const value = at(${q(p)}); if (Array.isArray(value)) pm.expect(value, ${q(p)}).to.not.be.empty; else pm.expect(value, ${q(p)}).to.exist; });`,
    ),
    ...op.saves.map(
      (s) =>
        `pm.test(${q(`saves ${s.name} (${s.path}) for the requests after this one`)}, () => { const value = at(${q(s.path)}); pm.expect(value, ${q(s.path)}).to.be.a('string').that.is.not.empty; pm.collectionVariables.set(${q(s.name)}, value); });`,
    ),
  ];
}

/** The whole collection as a JSON-serialisable object. */
export function buildCollection() {
  const files = graphqlFiles(operationsDir);
  const folders = files.map((file) => ({ file, folder: file.replace(/\.graphql$/, ''), operations: operationsOf(file, readFileSync(path.join(operationsDir, file), 'utf8')) }));
  // Every {{name}} must be a date variable, timeZone, or saved by a request that runs before it.
  const known = new Set([...DATE_VARIABLES, 'timeZone']);
  const savedVariables = [];
  for (const { file, operations } of folders) {
    for (const op of operations) {
      const unknown = placeholders(op.variables).filter((name) => !known.has(name));
      if (unknown.length > 0) {
        throw new Error(`${file}: operation ${op.name}: {{${unknown[0]}}} is neither a date variable (${DATE_VARIABLES.join(', ')}), timeZone, nor saved by an earlier request (# save:)`);
      }
      for (const s of op.saves) {
        known.add(s.name);
        if (!savedVariables.includes(s.name)) savedVariables.push(s.name);
      }
    }
  }
  return {
    info: {
      _postman_id: stableId('connect-analytics-graphql'),
      name: 'connect-analytics-graphql',
      description: [
        'The example GraphQL operations of test/operations (the sample KPIs in kpis.graphql). Generated by `npm run postman`; do not edit.',
        '',
        `Run it against \`npm start\` (baseUrl http://localhost:4000): in Postman with "Run collection", or \`npx newman run postman/collection.json\`.`,
        'Dates are relative to today: a pre-request script sets dayFrom/dayTo (yesterday), twoDaysFrom, workloadFrom/workloadTo and now in timeZone before every request, so the requests ask for days the demo data has (it covers the 7 days up to when it was written).',
        `Run the folders in order: contacts/ContactsPage saves the contactId the requests by id use. Every request has tests: HTTP 200, no errors, and the data the demo data always has is not empty.`,
      ].join('\n'),
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: preRequestScript() } }],
    variable: [
      { key: 'baseUrl', value: 'http://localhost:4000', type: 'string' },
      { key: 'timeZone', value: DEMO_TIME_ZONE, type: 'string', description: 'Time zone of the days below (the demo contact center is in New York).' },
      ...DATE_VARIABLES.map((key) => ({ key, value: '', type: 'string', description: DATE_DESCRIPTIONS[key] ?? 'Set before every request.' })),
      ...savedVariables.map((key) => ({ key, value: '', type: 'string', description: 'Saved by an earlier request of the collection (# save:); run the collection in order.' })),
    ],
    item: folders.map(({ folder, operations }) => ({
      name: folder,
      item: operations.map((op) => ({
        id: stableId(`${folder}/${op.name}`),
        name: op.name,
        event: [{ listen: 'test', script: { type: 'text/javascript', exec: testScript(op) } }],
        request: {
          method: 'POST',
          header: [{ key: 'Content-Type', value: 'application/json' }],
          url: { raw: '{{baseUrl}}/graphql', host: ['{{baseUrl}}'], path: ['graphql'] },
          body: { mode: 'graphql', graphql: { query: op.query, variables: JSON.stringify(op.variables, null, 2) } },
          description: op.description,
        },
        response: [],
      })),
    })),
  };
}

/** The file text the generator writes. */
export function collectionText() {
  return `${JSON.stringify(buildCollection(), null, 2)}\n`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const text = collectionText();
  if (process.argv.includes('--check')) {
    const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(root, outFile)} is out of date with test/operations: run npm run postman`);
      process.exit(1);
    }
    console.log(`${path.relative(root, outFile)} is up to date`);
  } else {
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, text);
    console.log(`wrote ${path.relative(root, outFile)}`);
  }
}
