#!/usr/bin/env node
// Declarations a package's build would otherwise generate twice: runs after `tsup` in a package's
// folder. TypeScript's declaration build is most of a package's build time, and a clean clone's
// `npm run trial` builds every package, so each is built once and copied:
//   --cjs                       each dist/*.d.ts as dist/*.d.cts, its `./x.js` imports as `./x.cjs`
//                               (the CommonJS build's types: the same API, CommonJS file names);
//   --alias <entry>=<other>     dist/<entry>.d.ts re-exports dist/<other>.d.ts (one API, two builds,
//                               e.g. the widget's one-file build and its split build).
// `pnpm check:packages` (publint, are-the-types-wrong) checks what comes out.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cjs: { type: 'boolean', default: false },
    alias: { type: 'string', multiple: true, default: [] },
  },
});
const dist = join(process.cwd(), 'dist');

if (values.cjs) {
  for (const name of readdirSync(dist).filter((file) => file.endsWith('.d.ts'))) {
    const types = readFileSync(join(dist, name), 'utf8').replace(
      /((?:from|import)\s*\(?\s*['"]\.\.?\/[^'"]+)\.js(['"])/g,
      '$1.cjs$2',
    );
    writeFileSync(join(dist, name.replace(/\.d\.ts$/, '.d.cts')), types);
  }
}
for (const alias of values.alias) {
  const [entry, other] = alias.split('=');
  if (!entry || !other) throw new Error(`--alias takes <entry>=<other>, not ${alias}`);
  writeFileSync(join(dist, `${entry}.d.ts`), `export * from './${other}.js';\n`);
}
