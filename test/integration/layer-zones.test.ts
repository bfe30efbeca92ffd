import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layer zones of eslint.config.mjs (DESIGN.md: server → resolvers → services → loaders → history |
 * state | realtime → domain; schema and domain are leaves) fire on a back-edge. Each case lints one
 * snippet with the repository's own config, as `eslint .` in `npm test` would lint a file at that path.
 * The Lambda imports src/server only from src/server/graphql and src/server/observability, which stay
 * HTTP-free (no express, ws, app, routes).
 * ESLint runs in a child process: its config loader uses dynamic `import()`, which Jest's CommonJS
 * sandbox does not provide.
 */

const ROOT = path.resolve(__dirname, '../..');

interface LintCase {
  /** Where the snippet would live (it need not exist). */
  readonly file: string;
  readonly code: string;
}

interface LintAnswer {
  readonly file: string;
  readonly messages: { ruleId: string | null; message: string }[];
}

const LINT_SCRIPT = `
const { ESLint } = await import('eslint');
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const answers = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  answers.push({ file: c.file, messages: result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })) });
}
process.stdout.write(JSON.stringify(answers));
`;

function lint(cases: readonly LintCase[]): LintAnswer[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as LintAnswer[];
}

const layerViolations = (answer: LintAnswer) => answer.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.message.includes('Layer violation'));

/** A snippet importing `source` (and using it, so only the import can be at fault). */
const importing = (source: string): string => `import * as other from '${source}';\nexport const used = other;\n`;

describe('layer zones (eslint.config.mjs)', () => {
  const backEdges: LintCase[] = [
    { file: 'src/loaders/violation.ts', code: importing('../services/contact.service') },
    { file: 'src/history/readers/violation.ts', code: importing('../../services/contact.service') },
    { file: 'src/history/violation.ts', code: importing('../loaders/contact.loader') },
    { file: 'src/state/violation.ts', code: importing('../server/app') },
    { file: 'src/realtime/violation.ts', code: importing('../../resolvers/index') },
    { file: 'src/services/violation.ts', code: importing('../server/app') },
    { file: 'src/services/violation.ts', code: importing('../../resolvers/contact.resolver') },
    { file: 'src/domain/violation.ts', code: importing('../history/sql/scope') },
    { file: 'src/domain/metrics/violation.ts', code: importing('../../services/metrics.service') },
    { file: 'schema/violation.ts', code: importing('../src/services/request-context') },
    { file: 'resolvers/violation.ts', code: importing('../src/server/app') },
    // The Lambda imports src/server only from its HTTP-free folders (graphql/, observability/).
    { file: 'src/lambda/violation.ts', code: importing('../server/app') },
    { file: 'src/lambda/violation.ts', code: importing('../server/graphql-ws.server') },
    { file: 'src/lambda/violation.ts', code: importing('../server') },
    { file: 'src/lambda/violation.ts', code: importing('express') },
    { file: 'src/lambda/violation.ts', code: importing('ws') },
    { file: 'src/lambda/violation.ts', code: importing('../local/embedded-dynamodb') },
    // ... and those folders import nothing else of src/server, no HTTP package, never the Lambda.
    { file: 'src/server/graphql/violation.ts', code: importing('../app') },
    { file: 'src/server/graphql/violation.ts', code: importing('../../server/stack') },
    { file: 'src/server/graphql/nested/violation.ts', code: importing('../../graphql-ws.server') },
    { file: 'src/server/graphql/violation.ts', code: importing('express') },
    { file: 'src/server/graphql/violation.ts', code: importing('ws') },
    { file: 'src/server/graphql/violation.ts', code: importing('../../lambda/graphql.handler') },
    { file: 'src/server/observability/violation.ts', code: importing('../app') },
  ];
  const downwardEdges: LintCase[] = [
    { file: 'src/server/allowed.ts', code: importing('../services/contact.service') },
    { file: 'resolvers/allowed.ts', code: importing('../src/services/request-context') },
    { file: 'src/services/allowed.ts', code: importing('../loaders/contact.loader') },
    { file: 'src/services/allowed.ts', code: importing('../history/readers/contact.reader') },
    { file: 'src/loaders/allowed.ts', code: importing('../history/readers/contact.reader') },
    { file: 'src/history/readers/allowed.ts', code: importing('../../domain/contact') },
    { file: 'schema/allowed.ts', code: importing('../src/domain/contact') },
    { file: 'src/domain/allowed.ts', code: importing('./contact') },
    { file: 'src/lambda/allowed.ts', code: importing('../server/graphql/schema') },
    { file: 'src/lambda/allowed.ts', code: importing('../server/observability/metrics') },
    { file: 'src/lambda/allowed.ts', code: importing('../services/request-context') },
    { file: 'src/server/graphql/allowed.ts', code: importing('./graphql-errors') },
    { file: 'src/server/graphql/allowed.ts', code: importing('../observability/metrics') },
    { file: 'src/server/graphql/allowed.ts', code: importing('../../services/request-context') },
    { file: 'src/server/graphql/allowed.ts', code: importing('../../../resolvers') },
    { file: 'src/server/graphql/nested/allowed.ts', code: importing('../schema') },
    { file: 'src/server/allowed.ts', code: importing('./graphql/schema') },
    { file: 'src/server/allowed.ts', code: importing('express') },
  ];
  let answers: LintAnswer[];

  beforeAll(() => {
    answers = lint([...backEdges, ...downwardEdges]);
  });

  it('reports every back-edge as a layer violation', () => {
    const missed = answers.slice(0, backEdges.length).filter((a) => layerViolations(a).length !== 1);
    expect(missed).toEqual([]);
  });

  it('allows the downward edges', () => {
    const flagged = answers.slice(backEdges.length).filter((a) => a.messages.length > 0);
    expect(flagged).toEqual([]);
  });

  it('keeps the SDK restriction in a layer zone (a zone replaces the rule, so it repeats the SDK patterns)', () => {
    const [services, history] = lint([
      { file: 'src/services/violation.ts', code: importing('@aws-sdk/client-athena') },
      { file: 'src/history/allowed.ts', code: importing('@aws-sdk/client-athena') },
    ]);
    expect(services.messages.map((m) => m.message)).toEqual([expect.stringContaining('Only src/history and src/state import AWS SDK clients.')]);
    expect(history.messages).toEqual([]);
  });
});
