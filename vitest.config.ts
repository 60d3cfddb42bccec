import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript source (the `@pcn/source` export condition),
// so they always run the current code; the services started by end-to-end tests run from `dist`.
const resolve = {
  conditions: ['@pcn/source'],
  // graphql 16 has no `exports` map: Node (and so Yoga, which vitest leaves to Node) loads its
  // CommonJS build, while Vite would pick the ESM one. One instance for both, as in production.
  alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
};
// Vitest resolves for its server-side environment, which reads its own conditions.
const ssr = { resolve: { conditions: ['@pcn/source'] } };
const exclude = ['**/node_modules/**', '**/dist/**', '**/.bench/**'];

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: { name: 'unit', include: ['{packages,services}/*/src/**/*.unit.spec.ts'], exclude },
      },
      {
        resolve,
        ssr,
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
        ssr,
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
