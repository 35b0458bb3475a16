import { defineConfig } from 'vitest/config';
// Tests run on source: each workspace package resolves to its `src/` entry, never to a `dist/` that
// may be stale. Only the `packaging` project runs what a build made, because that is its subject.
import { SOURCE_ALIASES } from './scripts/source-aliases.mjs';

/**
 * One root command runs every package's tests. The projects:
 * - `unit`: Node tests with MSW, colocated as `packages/<name>/src/**\/*.test.ts`;
 * - `integration`: the SDK, the Node examples and the vendor contract against a real OpenID provider
 *   (dev-idp) over loopback HTTP;
 * - `browser`: what runs in a page, driven in real Chromium (`packages/<name>/test/browser`, the SPA,
 *   the widget, the docs site);
 * - `packaging`: what a build made, run as customers run it: the NestJS example and the vendor
 *   contract compiled to CommonJS on the SDK's CommonJS build (needs `pnpm build` first);
 * - `faults`: the login kit's guarantees when Redis is killed, frozen, slow or cut off, the IdP or
 *   the signer fails, or an instance stalls: real servers behind proxies that break them;
 * - `runtimes`: the built packages on Bun and Deno, against dev-idp (runtimes/README.md);
 * - `docs`: the test files shown in docs/ (e.g. docs/testing.md), as `pnpm test:docs` extracts them
 *   first (scripts/extract-doc-snippets.mjs), so they never wait for the typecheck.
 * `pnpm test` runs `unit` and `integration`; `npm test` runs them all. Type tests (`*.test-d.ts`) are
 * compile-time assertions: each package's `pnpm typecheck` checks them.
 */
export default defineConfig({
  resolve: { alias: SOURCE_ALIASES },
  test: {
    // Most tests wait on timers and loopback I/O, not the CPU: 3 workers on 2 cores halve the time.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'scripts/test/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'packages/*/test/integration/**/*.test.ts',
            'examples/{express,hono,fastify}/test/**/*.test.ts',
            'contract/test/**/*.test.ts',
          ],
          exclude: ['**/*.cjs.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['packages/*/test/faults/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // one file at a time: each kills, freezes and slows servers of its own, and times answers
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: [
            'packages/*/test/browser/**/*.test.ts',
            'examples/spa/test/**/*.test.ts',
            'examples/widget-html/test/**/*.browser.test.ts',
            'examples/widget-vue/test/**/*.browser.test.ts',
            'site/test/**/*.browser.test.ts',
          ],
          environment: 'node',
          // Alone, after the others: its expiry tests count seconds in a real browser.
          sequence: { groupOrder: 2 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'packaging',
          include: [
            'examples/nestjs/test/**/*.test.mts',
            'examples/nextjs/test/**/*.test.ts',
            'examples/widget-html/test/**/*.packaging.test.ts',
            'contract/test/**/*.cjs.test.ts',
            'packaging/journey/**/*.test.ts',
          ],
          environment: 'node',
          // After unit and integration: compiling with tsc takes both cores for a while.
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'runtimes',
          // the SDK as built, on Bun and Deno (runtimes/package.json installs them); needs `pnpm build`
          include: ['runtimes/test/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
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
