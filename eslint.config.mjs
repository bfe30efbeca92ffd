// ESLint flat config: TypeScript recommended rules plus the project's dependency direction
// (only src/history and src/state talk to DuckDB and the AWS SDK; only src/config reads process.env;
// the layers import downwards only, see LAYER_ZONES).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Only src/history and src/state import AWS SDK clients; only src/history imports DuckDB. */
const SDK_PATTERNS = [
  { group: ['@aws-sdk/*'], message: 'Only src/history and src/state import AWS SDK clients.' },
  { group: ['@duckdb/*'], message: 'Only src/history imports DuckDB.' },
];
/** Folders whose files may import the AWS SDK and DuckDB (see SDK_PATTERNS). */
const SDK_FOLDERS = ['src/history', 'src/state', 'src/local'];

/**
 * The dependency direction, DESIGN.md: server → resolvers → services → loaders → history | state |
 * realtime → domain; schema and domain are leaves. Each zone names the folders its files must not
 * import (relative imports: `../services/x`, `../../src/server/y`); a back-edge fails `eslint .` and
 * so `npm test`. src/lambda is composition beside src/server (see LAMBDA_ZONE), src/cache sits under the services.
 */
const ABOVE_HISTORY = ['services', 'loaders', 'server', 'lambda', 'resolvers', 'cache'];
const LAYER_ZONES = [
  { folder: 'src/domain', forbidden: ['history', 'state', 'realtime', 'cache', 'config', 'local', ...ABOVE_HISTORY, 'schema'], layer: 'src/domain is a leaf: it imports nothing from the other layers' },
  { folder: 'schema', forbidden: ['history', 'state', 'realtime', 'cache', 'config', 'local', ...ABOVE_HISTORY], layer: 'schema is a leaf: it imports only src/domain' },
  { folder: 'src/history', forbidden: [...ABOVE_HISTORY, 'local'], layer: 'src/history is below the services and loaders' },
  { folder: 'src/state', forbidden: [...ABOVE_HISTORY, 'local'], layer: 'src/state is below the services and loaders' },
  { folder: 'src/realtime', forbidden: [...ABOVE_HISTORY, 'local'], layer: 'src/realtime is below the services and loaders' },
  { folder: 'src/cache', forbidden: ['services', 'loaders', 'server', 'lambda', 'resolvers'], layer: 'src/cache is below the services and loaders' },
  { folder: 'src/loaders', forbidden: ['services', 'server', 'lambda', 'resolvers'], layer: 'loaders batch calls to readers and never import services, server or resolvers' },
  { folder: 'src/services', forbidden: ['server', 'lambda', 'resolvers'], layer: 'services never import the server or the resolvers' },
  { folder: 'resolvers', forbidden: ['server', 'lambda'], layer: 'resolvers never import the server' },
];

/** An import source that reaches a top-level folder by `../` (optionally through `src/`): `../services/x`, `../../src/server`. */
const folderImport = (names) => `^(?:\\.\\./)+(?:src/)?(?:${names.join('|')})(?:/|$)`;

/** One flat-config block per zone; the SDK patterns are repeated where they apply (a later block replaces a rule, it does not merge it). */
const layerBlocks = LAYER_ZONES.map(({ folder, forbidden, layer }) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(SDK_FOLDERS.includes(folder) ? [] : SDK_PATTERNS),
          { regex: folderImport(forbidden), message: `Layer violation: ${layer} (DESIGN.md, dependency direction).` },
        ],
      },
    ],
  },
}));

/**
 * The HTTP-free part of src/server that the GraphQL Lambda shares (DESIGN.md: src/lambda never imports
 * the server, so express and ws stay out of the Lambda bundle): `src/server/graphql/` (schema builder,
 * request context factory, engine factory, GraphQL error mapping, Apollo plugins) and
 * `src/server/observability/` (the Prometheus registry). The Lambda imports src/server only there; those
 * two folders import nothing else of src/server (app, stack, routes, graphql-ws server), nor the
 * Lambda, nor the embedded stack, nor an HTTP/WebSocket package.
 */
const SHARED_SERVER_FOLDERS = ['graphql', 'observability'];
const HTTP_PACKAGES = {
  group: ['express', 'express/*', '@as-integrations/express5', 'cors', 'pino-http', 'ws', 'ws/*', 'graphql-ws', 'graphql-ws/*'],
  message: 'Layer violation: src/lambda, src/server/graphql and src/server/observability are HTTP-free; express, ws and the HTTP middleware belong to src/server (app, routes, graphql-ws server) (DESIGN.md, src/lambda never imports src/server).',
};
/** `../server/x` (or `../../src/server/x`) for any x outside the shared folders. */
const SERVER_OUTSIDE_SHARED = `^(?:\\.\\./)+(?:src/)?server(?:/(?!(?:${SHARED_SERVER_FOLDERS.join('|')})(?:/|$))|$)`;
const sharedServerMessage = 'Layer violation: src/lambda may import src/server only from src/server/graphql and src/server/observability, which import nothing else of src/server (DESIGN.md, src/lambda never imports src/server).';

const LAMBDA_ZONE = {
  files: ['src/lambda/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...SDK_PATTERNS,
          HTTP_PACKAGES,
          { regex: SERVER_OUTSIDE_SHARED, message: sharedServerMessage },
          { regex: folderImport(['local', 'resolvers']), message: 'Layer violation: the Lambda handlers compose services, state and history; resolvers come through src/server/graphql/schema, and the embedded stack (src/local) is not deployed (DESIGN.md, dependency direction).' },
        ],
      },
    ],
  },
};

/**
 * One block per shared folder and nesting depth: from `src/server/graphql/a/x.ts`, `../../y` is
 * src/server/y, so the relative prefix that reaches src/server depends on the depth.
 */
const SHARED_SERVER_ZONES = SHARED_SERVER_FOLDERS.flatMap((folder) =>
  [0, 1, 2, 3].map((depth) => ({
    files: [`src/server/${folder}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...SDK_PATTERNS,
            HTTP_PACKAGES,
            // `../app` from src/server/graphql/x.ts: a sibling of the shared folders in src/server.
            { regex: `^(?:\\.\\./){${depth + 1}}(?!\\.\\.(?:/|$)|(?:${SHARED_SERVER_FOLDERS.join('|')})(?:/|$))`, message: sharedServerMessage },
            { regex: SERVER_OUTSIDE_SHARED, message: sharedServerMessage },
            { regex: folderImport(['lambda', 'local']), message: 'Layer violation: src/server/graphql and src/server/observability are shared with the Lambda and never import it, nor the embedded stack (DESIGN.md, dependency direction).' },
          ],
        },
      ],
    },
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/generated/**', 'bench/.data/**', '.esbuild/**', '.serverless/**', 'coverage/**', 'web/**', 'scripts/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'resolvers/**/*.ts', 'schema/**/*.ts'],
    ignores: SDK_FOLDERS.map((folder) => `${folder}/**`),
    rules: {
      'no-restricted-imports': ['error', { patterns: SDK_PATTERNS }],
    },
  },
  {
    files: ['src/**/*.ts', 'resolvers/**/*.ts', 'schema/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config (loadConfig).' }],
    },
  },
  ...layerBlocks,
  LAMBDA_ZONE,
  ...SHARED_SERVER_ZONES,
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
