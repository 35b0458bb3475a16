import { defineConfig } from 'tsup';

// A development tool: ESM only, for Node >= 22, with a CLI entry.
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.json',
});
