#!/usr/bin/env node
// Builds the self-hosted GraphiQL page (no CDN) into dist/graphiql/ with esbuild.
//
//   node scripts/build-graphiql.mjs           build unless outputs are up to date
//   node scripts/build-graphiql.mjs --force   always build
//
// Up to date = every expected output exists, the stamp file records the same graphiql /
// monaco / esbuild versions, and the stamp is newer than web/* and this script. The check
// runs before esbuild is even imported, so `npm run build` pays a few milliseconds for it.
//
// Output:
//   index.html                      copied from web/index.html
//   main.js, main.css               GraphiQL + React (build 1, one file each: splitting off so
//                                   that all CSS lands in main.css, which index.html links)
//   fonts/codicon-<hash>.ttf        Monaco's icon font (referenced from main.css)
//   editor.worker.js, json.worker.js, graphql.worker.js
//                                   Monaco workers (build 2), found by web/monaco-env.js
//   .build-stamp.json               versions used for the up-to-date check
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const outDir = path.join(root, 'dist', 'graphiql');
const stampFile = path.join(outDir, '.build-stamp.json');
const force = process.argv.includes('--force');

const require = createRequire(path.join(root, 'package.json'));

/** Version of an installed package, read without loading it. */
function versionOf(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

const WORKERS = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};
const EXPECTED = ['index.html', 'main.js', 'main.css', ...Object.keys(WORKERS).map((w) => `${w}.js`)];

const stamp = {
  graphiql: versionOf('graphiql'),
  '@graphiql/react': versionOf('@graphiql/react'),
  'monaco-editor': versionOf('monaco-editor'),
  'monaco-graphql': versionOf('monaco-graphql'),
  react: versionOf('react'),
  esbuild: versionOf('esbuild'),
};

function formatMb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function elapsed() {
  return `${Math.round(performance.now() - started)} ms`;
}

/** Number and total size of the files in dir and its sub-folders (the stamp excluded). */
function measure(dir, totals = { files: 0, bytes: 0 }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) measure(full, totals);
    else if (entry.name !== '.build-stamp.json') {
      totals.files += 1;
      totals.bytes += statSync(full).size;
    }
  }
  return totals;
}

/** Newest modification time among web/* and this script, in ms. */
function newestInputMtimeMs() {
  const inputs = [fileURLToPath(import.meta.url)];
  // Files only: web/wallboard/ is the wallboard's (scripts/build-wallboard.mjs), not an input of GraphiQL.
  for (const entry of readdirSync(webDir, { withFileTypes: true })) if (entry.isFile()) inputs.push(path.join(webDir, entry.name));
  return Math.max(...inputs.map((p) => statSync(p).mtimeMs));
}

function isUpToDate() {
  if (!existsSync(stampFile)) return false;
  if (!EXPECTED.every((f) => existsSync(path.join(outDir, f)))) return false;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (JSON.stringify(recorded.versions) !== JSON.stringify(stamp)) return false;
  return statSync(stampFile).mtimeMs > newestInputMtimeMs();
}

async function build() {
  const esbuild = await import('esbuild');
  // Build into a sibling folder and swap it in at the end, so a running server never sees a
  // half-written bundle.
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });

  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: tmpDir,
  };

  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { main: path.join(webDir, 'main.jsx') },
      splitting: false,
      jsx: 'automatic',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
      assetNames: 'fonts/[name]-[hash]',
    }),
    esbuild.build({ ...common, entryPoints: WORKERS }),
    cp(path.join(webDir, 'index.html'), path.join(tmpDir, 'index.html')),
  ]);

  await writeFile(
    path.join(tmpDir, '.build-stamp.json'),
    `${JSON.stringify({ versions: stamp, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );

  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.dirname(outDir), { recursive: true });
  await rename(tmpDir, outDir);
}

try {
  if (!force && isUpToDate()) {
    console.log(`graphiql: dist/graphiql up to date (${formatMb(measure(outDir).bytes)}), build skipped in ${elapsed()}`);
  } else {
    await build();
    const { files, bytes } = measure(outDir);
    const mainJs = statSync(path.join(outDir, 'main.js')).size;
    console.log(
      `graphiql: built dist/graphiql in ${elapsed()}: ${formatMb(bytes)} in ${files} files ` +
        `(main.js ${formatMb(mainJs)}, graphiql ${stamp.graphiql})`,
    );
  }
} catch (error) {
  console.error(`graphiql: build failed after ${elapsed()}`);
  console.error(error);
  process.exitCode = 1;
}
