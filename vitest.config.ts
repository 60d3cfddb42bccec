import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript source (the `@pcn/source` export condition),
// so they always run the current code; the services started by end-to-end tests run from `dist`.
const resolve = { conditions: ['@pcn/source'] };
const exclude = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: { name: 'unit', include: ['{packages,services}/*/src/**/*.unit.spec.ts'], exclude },
      },
      {
        resolve,
        test: {
          name: 'int',
          include: ['{packages,services}/*/src/**/*.int.spec.ts'],
          exclude,
          globalSetup: ['packages/testing/src/nats.global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['{packages,services}/*/src/**/*.e2e.spec.ts'],
          exclude,
          globalSetup: ['packages/testing/src/nats.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
