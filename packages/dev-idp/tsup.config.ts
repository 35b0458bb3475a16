import { defineConfig } from 'tsup';

// A development tool: ESM only, for Node >= 22, with a CLI entry.
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  // the IdP model is a private workspace package: bundled here, and its types carried in the
  // declarations (tsconfig.json's `paths` makes it part of this program)
  dts: { entry: { index: 'src/index.ts' } },
  noExternal: ['@ones.dev/idp-model'],
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.json',
});
