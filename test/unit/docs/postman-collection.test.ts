import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

const root = path.resolve(__dirname, '../../..');
const operationsDir = path.join(root, 'test', 'operations');

interface PostmanRequest {
  name: string;
  request: { method: string; url: { raw: string }; body: { mode: string; graphql: { query: string; variables: string } } };
}
interface PostmanCollection {
  info: { schema: string };
  variable: { key: string; value: string }[];
  item: { name: string; item: PostmanRequest[] }[];
}

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
    expect(collection.variable).toEqual([{ key: 'baseUrl', value: 'http://localhost:4000', type: 'string' }]);
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
});
