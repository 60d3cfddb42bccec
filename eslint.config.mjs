// @ts-check
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.bench/**',
      'packages/contracts/src/gen/**',
      'services/gateway/src/graphql/generated/**',
      '.pcn/**',
      '.tools/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // A package imports only what its package.json declares, never another package's files by a
    // relative path: cross-service tests live in packages/e2e and import services by name.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Imports name the emitted `.js`; the files are `.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          // Test code may use devDependencies; production code only dependencies.
          devDependencies: [
            '**/*.spec.ts',
            '**/testing/**',
            '**/bench/**',
            '**/__fixtures__/**',
            '**/*.fixtures.ts',
            '**/*.test-helper.ts',
            '**/*.contract-suite.ts',
            'packages/testing/**',
            'packages/e2e/**',
            'vitest.config.ts',
          ],
          optionalDependencies: false,
          peerDependencies: false,
        },
      ],
      'import-x/no-relative-packages': 'error',
    },
  },
  {
    // Handlers in tests are async to satisfy the interfaces they stand in for.
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    // vitest.config.ts and eslint.config.mjs sit outside every package's tsconfig.
    files: ['vitest.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
