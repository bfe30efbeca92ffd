import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';

/** The folder of the example operations (documentation, Postman collection, codegen). */
export const operationsDir = path.resolve(__dirname, '../operations');

/** The Postman collection's date variables (`dayFrom`, `dayTo` …) relative to an instant, and the demo time zone. */
export const { relativeDates, DEMO_TIME_ZONE } = createRequire(__filename)(path.resolve(__dirname, '../../scripts/postman-variables.cjs')) as {
  relativeDates: (nowMs: number, timeZone: string) => Record<string, string>;
  DEMO_TIME_ZONE: string;
};

/** A named operation of test/operations/*.graphql with the convention lines of its comment block. */
export interface ExampleOperation {
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
export function exampleOperations(): ExampleOperation[] {
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
export function resolve(value: unknown, values: Record<string, string>): unknown {
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
export function at(data: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, key) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key]), data);
}

/** The ```graphql blocks of README.md. */
export function readmeExamples(): { name: string; query: string; variables: string[] }[] {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  return [...readme.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)].map((m) => {
    const operation = parse(m[1]).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    return {
      name: operation.name?.value ?? '(anonymous)',
      query: m[1],
      variables: (operation.variableDefinitions ?? []).map((v) => v.variable.name.value),
    };
  });
}
