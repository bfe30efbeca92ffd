// ESLint flat config: TypeScript recommended rules plus the project's dependency direction
// (only src/history and src/state talk to DuckDB and the AWS SDK; only src/config reads process.env).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    ignores: ['src/history/**', 'src/state/**', 'src/local/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Only src/history and src/state import AWS SDK clients.' },
            { group: ['@duckdb/*'], message: 'Only src/history imports DuckDB.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'resolvers/**/*.ts', 'schema/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config (loadConfig).' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
