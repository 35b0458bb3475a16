import { defineConfig } from 'vitest/config';
import { SOURCE_ALIASES } from './scripts/source-aliases.mjs';

// What `pnpm test:mutation` runs against each mutant: the login kit's unit tests, on source.
export default defineConfig({
  resolve: { alias: SOURCE_ALIASES },
  test: {
    include: ['packages/backend-modules/src/login/**/*.test.ts'],
    environment: 'node',
  },
});
