/* global module, require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file that serverless-esbuild requires */
'use strict';

// esbuild plugins for serverless-esbuild (serverless.yml `custom.esbuild.plugins`). esbuild does not
// emit TypeScript's decorator metadata (`design:type` …), which type-graphql reads to infer field
// and argument types, so every file with decorators is compiled by tsc (with the project's
// tsconfig.json: experimentalDecorators, emitDecoratorMetadata) before esbuild bundles it; files
// without decorators go through esbuild alone.
const fs = require('node:fs');
const path = require('node:path');
const esbuildPluginTsc = require('esbuild-plugin-tsc');

const MANIFEST = path.join(__dirname, 'dist', 'persisted-documents.json');
const DOCUMENTS_DIR = path.join(__dirname, 'documents');

/** The .graphql files under a folder, recursively. */
function graphqlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return graphqlFiles(file);
    return entry.name.endsWith('.graphql') ? [file] : [];
  });
}

// The GraphQL function inlines the trusted-documents manifest (its saved reports' operations,
// src/lambda/graphql-reports.ts). Packaging stops, saying what to run, when the manifest is missing
// or older than a document under documents/: a deployed function must not lack or run stale reports.
const trustedDocumentsManifest = {
  name: 'trusted-documents-manifest',
  setup(build) {
    build.onResolve({ filter: /persisted-documents\.json$/ }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      if (file !== MANIFEST) return undefined;
      const howTo = 'run npm run build (or npm run trusted-documents) before serverless package/deploy: the GraphQL function embeds the saved reports\' operations from it';
      if (!fs.existsSync(MANIFEST)) return { errors: [{ text: `dist/persisted-documents.json does not exist; ${howTo}` }] };
      const builtAt = fs.statSync(MANIFEST).mtimeMs;
      const newer = graphqlFiles(DOCUMENTS_DIR).filter((document) => fs.statSync(document).mtimeMs > builtAt);
      if (newer.length > 0) {
        return { errors: [{ text: `dist/persisted-documents.json is older than ${newer.map((f) => path.relative(__dirname, f)).join(', ')}; ${howTo}` }] };
      }
      return { path: MANIFEST };
    });
  },
};

module.exports = [trustedDocumentsManifest, esbuildPluginTsc({ tsconfigPath: path.join(__dirname, 'tsconfig.json') })];
