import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      schemas: 'src/schemas.ts',
      qr: 'src/qr.ts',
      widget: 'src/widget.ts',
      // shared with the sibling packages, not public (see src/internal.ts)
      internal: 'src/internal.ts',
    },
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    clean: true,
    sourcemap: true,
    treeshake: true,
    splitting: true,
    // text as UTF-8, not \u escapes: the German strings are a fifth smaller (module scripts are
    // always read as UTF-8)
    esbuildOptions: (options) => {
      options.charset = 'utf8';
    },
    tsconfig: 'tsconfig.json',
  },
  {
    // `<ones-login>` as one minified ES module, QR encoder included: for a page without a bundler.
    entry: { 'widget.standalone': 'src/widget.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    // its types are the split build's: scripts/copy-declarations.mjs writes the re-export
    dts: false,
    minify: true,
    sourcemap: true,
    splitting: false,
    noExternal: [/.*/],
    tsconfig: 'tsconfig.json',
  },
]);
