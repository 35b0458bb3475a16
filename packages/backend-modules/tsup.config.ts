import { defineConfig } from 'tsup';

// jose 6 and ky 2 ship ESM only. The CommonJS build (NestJS's default) bundles them, so `require()`
// works on every Node >= 22 without relying on require(esm); the ESM build keeps them as dependencies.
const shared = {
  entry: { index: 'src/index.ts', login: 'src/login.ts' },
  platform: 'node',
  target: 'node22',
  dts: true,
  sourcemap: true,
  treeshake: true,
  tsconfig: 'tsconfig.json',
} as const;

export default defineConfig([
  { ...shared, format: ['esm'], clean: true },
  // the CommonJS types are the ESM ones, copied after the build (scripts/copy-declarations.mjs --cjs)
  { ...shared, format: ['cjs'], dts: false, noExternal: ['jose', 'ky', 'cookie'] },
]);
