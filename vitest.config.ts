import { defineConfig } from 'vitest/config';

/**
 * One root command runs every package's tests. The projects:
 * - `unit`: Node tests with MSW, colocated as `packages/<name>/src/**\/*.test.ts`;
 * - `integration`: the SDK, the examples and the vendor contract (`contract/`) against a real OpenID
 *   provider (dev-idp) over loopback HTTP;
 * - `browser`: the browser-facing code driven in real Chromium (`packages/<name>/test/browser`);
 * - `docs`: the test files shown in docs/ (e.g. docs/testing.md), as extracted by the docs typecheck
 *   (`pnpm typecheck`, which `npm test` runs first).
 * Type tests (`*.test-d.ts`) are compile-time assertions: each package's `pnpm typecheck` checks them.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'packages/*/test/integration/**/*.test.ts',
            'examples/*/test/**/*.test.{ts,mts}',
            'contract/test/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['packages/*/test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'docs',
          include: ['docs/generated-snippets/node/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
