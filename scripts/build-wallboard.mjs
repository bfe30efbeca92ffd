#!/usr/bin/env node
// Builds the live wallboard page (no CDN) into dist/wallboard/ with esbuild.
//
//   node scripts/build-wallboard.mjs           build unless outputs are up to date
//   node scripts/build-wallboard.mjs --force   always build
//
// Up to date = the outputs exist, the stamp records the same graphql-ws / esbuild versions, and the
// stamp is newer than every file of web/wallboard/ and this script (checked before esbuild is
// imported: a few milliseconds in `npm run build`).
//
// Output: index.html, wallboard.js (web/wallboard/wallboard.ts + graphql-ws's client), wallboard.css
// (imported by wallboard.ts).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'web', 'wallboard');
const outDir = path.join(root, 'dist', 'wallboard');
const stampFile = path.join(outDir, '.build-stamp.json');
const force = process.argv.includes('--force');
const require = createRequire(path.join(root, 'package.json'));
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
const stamp = { 'graphql-ws': versionOf('graphql-ws'), esbuild: versionOf('esbuild') };
const EXPECTED = ['index.html', 'wallboard.js', 'wallboard.css'];
const operationsFile = path.join(root, 'documents', 'wallboard-page.graphql');

/**
 * The page's operations (documents/wallboard-page.graphql), each printed with the fragments it uses
 * exactly as the trusted-documents manifest prints it (graphql-codegen's client preset:
 * printExecutableGraphQLDocument), so the page's query text is a registered document.
 */
async function pageOperations() {
  const { parse, Kind, visit } = await import('graphql');
  const { printExecutableGraphQLDocument } = await import('@graphql-tools/documents');
  const document = parse(readFileSync(operationsFile, 'utf8'));
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const operations = {};
  for (const operation of document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
    const used = new Map();
    const collect = (node) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(spread.name.value)) {
            used.set(spread.name.value, fragment);
            collect(fragment);
          }
        },
      });
    collect(operation);
    operations[operation.name.value] = printExecutableGraphQLDocument({ kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] });
  }
  return operations;
}
const elapsed = () => `${Math.round(performance.now() - started)} ms`;

function isUpToDate() {
  if (!existsSync(stampFile) || !EXPECTED.every((f) => existsSync(path.join(outDir, f)))) return false;
  try {
    if (JSON.stringify(JSON.parse(readFileSync(stampFile, 'utf8')).versions) !== JSON.stringify(stamp)) return false;
  } catch {
    return false;
  }
  const inputs = [fileURLToPath(import.meta.url), operationsFile, srcDir, ...readdirSync(srcDir).map((name) => path.join(srcDir, name))];
  return statSync(stampFile).mtimeMs > Math.max(...inputs.map((p) => statSync(p).mtimeMs));
}

async function build() {
  const esbuild = await import('esbuild');
  // Build beside the output and swap it in, so a running server never serves a half-written bundle.
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { wallboard: path.join(srcDir, 'wallboard.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
    outdir: tmpDir,
    define: { __WALLBOARD_OPERATIONS__: JSON.stringify(await pageOperations()) },
  });
  await cp(path.join(srcDir, 'index.html'), path.join(tmpDir, 'index.html'));
  await writeFile(path.join(tmpDir, '.build-stamp.json'), `${JSON.stringify({ versions: stamp, builtAt: new Date().toISOString() }, null, 2)}\n`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.dirname(outDir), { recursive: true });
  await rename(tmpDir, outDir);
}

try {
  if (!force && isUpToDate()) {
    console.log(`wallboard: dist/wallboard up to date, build skipped in ${elapsed()}`);
  } else {
    await build();
    const kb = (f) => `${(statSync(path.join(outDir, f)).size / 1024).toFixed(1)} KB`;
    console.log(`wallboard: built dist/wallboard in ${elapsed()} (wallboard.js ${kb('wallboard.js')}, wallboard.css ${kb('wallboard.css')})`);
  }
} catch (error) {
  console.error(`wallboard: build failed after ${elapsed()}`);
  console.error(error);
  process.exitCode = 1;
}
