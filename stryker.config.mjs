// Mutation testing of the login kit's security modules (`pnpm test:mutation`, not part of
// `npm test`): Stryker changes the code one small way at a time (a `<` for a `<=`, a `true` for a
// condition, a removed line) and runs the unit tests that cover it; a mutant no test notices is a
// rule no test holds. The target: at least 85 % of mutants noticed in each module, every survivor
// either killed by a test or listed as equivalent in docs/mutation-testing.md with the reason.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'packages/backend-modules/src/login/cookies/**/*.ts',
    'packages/backend-modules/src/login/store/**/*.ts',
    'packages/backend-modules/src/login/defences/**/*.ts',
    'packages/backend-modules/src/login/state/**/*.ts',
    'packages/backend-modules/src/login/http/read-json-body.ts',
    '!**/*.test.ts',
    // needs a Redis server: held by the contract suite in the integration tests
    '!packages/backend-modules/src/login/store/redis-login-store.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-artifacts/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  // not copied into the sandbox: other runs' sandboxes and reports
  ignorePatterns: ['/.stryker-tmp*', '/test-artifacts'],
};
