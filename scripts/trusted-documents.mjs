// npm run trusted-documents: the trusted-documents manifest (persisted operations) of every
// operation in test/operations/*.graphql and documents/**/*.graphql, written by graphql-codegen's
// client preset (persistedDocuments, sha256) and copied to dist/persisted-documents.json, the file
// a server started with TRUSTED_DOCUMENTS=1 reads (TRUSTED_DOCUMENTS_FILE). Its shape is the
// preset's: {"<sha256 hex of the document>": "<document text>"}. `npm run build` runs it.
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'dist', 'persisted-documents.json');
// The preset also writes typed documents (gql.ts, graphql.ts …); only the manifest is kept.
const work = mkdtempSync(path.join(os.tmpdir(), 'trusted-documents-'));
try {
  await generate(
    {
      cwd: root,
      silent: true,
      schema: 'schema/schema.graphql',
      documents: ['test/operations/**/*.graphql', 'documents/**/*.graphql'],
      config: { scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' } },
      generates: {
        [`${work}/`]: { preset: 'client', presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' }, fragmentMasking: false } },
      },
    },
    true,
  );
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(work, 'persisted-documents.json'), target);
  const count = Object.keys(JSON.parse(readFileSync(target, 'utf8'))).length;
  console.log(`trusted documents: ${count} documents in ${path.relative(root, target)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
