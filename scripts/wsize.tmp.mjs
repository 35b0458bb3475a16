import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const r = await build({
  entryPoints: [process.argv[2]],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  write: false,
  metafile: true,
  logLevel: 'silent',
  target: 'es2022',
});
const code = r.outputFiles[0].contents;
console.log('min', code.length, 'gz', gzipSync(code).length);
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs)
  .map(([k, v]) => [v.bytesInOutput, k])
  .sort((a, b) => b[0] - a[0]);
for (const [b, k] of rows.slice(0, 30)) console.log(String(b).padStart(6), k.replace(/.*node_modules\//, ''));
