/**
 * Tells Monaco where its web workers live. Must be imported before anything that loads Monaco.
 *
 * The three worker bundles are built next to main.js by scripts/build-graphiql.mjs
 * (editor.worker.js, json.worker.js, graphql.worker.js). The file name is assembled at run
 * time on purpose: esbuild must not try to resolve or inline the `new URL(...)` target.
 */
const WORKER_FILES = {
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = WORKER_FILES[label] ?? 'editor.worker.js';
    return new Worker(new URL('./' + file, import.meta.url), { type: 'module', name: label });
  },
};
