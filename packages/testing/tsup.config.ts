import { defineConfig } from 'tsup';

// jose 6 ships ESM only; the CommonJS build bundles it so `require()` works on every Node >= 22.
const shared = {
  entry: { index: 'src/index.ts' },
  platform: 'node',
  target: 'node22',
  // the IdP model is a private workspace package: bundled here, and its types carried in the
  // declarations (tsconfig.json's `paths` makes it part of this program)
  dts: true,
  sourcemap: true,
  treeshake: true,
  tsconfig: 'tsconfig.json',
  external: ['msw'],
  noExternal: ['@ones.dev/idp-model'],
} as const;

export default defineConfig([
  { ...shared, format: ['esm'], clean: true },
  // the CommonJS types are the ESM ones, copied after the build (scripts/copy-declarations.mjs --cjs)
  { ...shared, format: ['cjs'], dts: false, noExternal: ['jose', '@ones.dev/idp-model'] },
]);
