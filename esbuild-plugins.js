/* global module, require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file that serverless-esbuild requires */
'use strict';

// esbuild plugins for serverless-esbuild (serverless.yml `custom.esbuild.plugins`). esbuild does not
// emit TypeScript's decorator metadata (`design:type` …), which type-graphql reads to infer field
// and argument types, so every file with decorators is compiled by tsc (with the project's
// tsconfig.json: experimentalDecorators, emitDecoratorMetadata) before esbuild bundles it; files
// without decorators go through esbuild alone.
const path = require('node:path');
const esbuildPluginTsc = require('esbuild-plugin-tsc');

module.exports = [esbuildPluginTsc({ tsconfigPath: path.join(__dirname, 'tsconfig.json') })];
