import fs from 'node:fs';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const operationsDir = path.resolve(__dirname, '../operations');

/** Every named operation of the example documents, with the `# variables: {...}` line above it. */
function exampleOperations(): { file: string; name: string; document: string; variables: Record<string, unknown>; required: string[] }[] {
  const out: { file: string; name: string; document: string; variables: Record<string, unknown>; required: string[] }[] = [];
  for (const file of fs.readdirSync(operationsDir).filter((f) => f.endsWith('.graphql')).sort()) {
    const document = fs.readFileSync(path.join(operationsDir, file), 'utf8');
    const lines = document.split('\n');
    for (const definition of parse(document).definitions) {
      if (definition.kind !== 'OperationDefinition' || !definition.name) continue;
      const line = (definition as OperationDefinitionNode).loc!.startToken.line - 1; // 0-based line of `query …`
      const comment = lines[line - 1] ?? '';
      const match = /^# variables: (\{.*\})\s*$/.exec(comment);
      const required = (definition.variableDefinitions ?? []).filter((v) => v.type.kind === 'NonNullType' && !v.defaultValue).map((v) => v.variable.name.value);
      out.push({ file, name: definition.name.value, document, variables: match ? (JSON.parse(match[1]) as Record<string, unknown>) : {}, required });
    }
  }
  return out;
}

/** The example operations are documentation (and the Postman collection): each must run, with its example variables, without errors. */
describe('example operations under test/operations', () => {
  let server: TestServer;
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

  it.each(operations.map((op) => [`${op.file} ${op.name}`, op] as const))('%s runs without errors', async (_label, op) => {
    const { status, body } = await postQuery(server.url, op.document, op.variables, op.name);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
  });
});
