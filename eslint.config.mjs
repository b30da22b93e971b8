// ESLint flat config: typescript-eslint's type-checked recommended rules, plus the rules the
// Temporal TypeScript samples use (no floating promises; no Node built-ins in workflow code).
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'coverage/', 'prisma/generated/', 'test/histories/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read untyped JSON (API replies, recorded histories, query rows) and check its shape with expect().
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (this file, jest config, the jest reporter) is not in tsconfig: no type-aware rules.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pages' scripts run in the browser as classic scripts, as they are (no build step; Chart.js loads before the reports page's).
    files: ['api/admin-page/*.js', 'api/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['document', 'sessionStorage', 'fetch', 'Node', 'setTimeout', 'clearTimeout', 'URLSearchParams', 'Chart'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and is replayed from history.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message:
                'Workflow code must be deterministic and cannot use Node built-ins: use @temporalio/workflow (sleep, uuid4, Date.now and Math.random are replay-safe there) or do it in an activity.',
            })),
          ],
          patterns: [
            {
              group: ['node:*'],
              message:
                'Workflow code must be deterministic and cannot use Node built-ins: use @temporalio/workflow (sleep, uuid4, Date.now and Math.random are replay-safe there) or do it in an activity.',
            },
            {
              group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'],
              message: 'Not for workflow code: import from @temporalio/workflow (or @temporalio/common).',
            },
            {
              group: ['../activities', '../activities/*', '../api', '../api/*', '../common', '../common/*', '../worker', '../worker/*', '../scripts/*'],
              allowTypeImports: true,
              message: 'Workflow code may import only types from outside workflows/: call activities through proxyActivities<typeof activities>().',
            },
            {
              group: ['@prisma/*', 'pg', 'nodemailer', 'express', 'uuid'],
              message: 'I/O and randomness belong in activities; in workflows use uuid4() from @temporalio/workflow.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'process is not available in the workflow sandbox: pass configuration in the workflow input.' },
        { name: 'setInterval', message: 'Use sleep() or condition() from @temporalio/workflow in a loop.' },
      ],
    },
  },
);
