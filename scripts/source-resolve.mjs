// The resolve hook of scripts/source-hooks.mjs, in a file of its own so that Node versions without
// `registerHooks` (before 22.15) can load it off-thread with `register`: a relative `./x.js` import
// from a .ts file loads `./x.ts` when it exists, and `@ones.dev/<name>` loads that package's source
// entry. The same function serves both (it returns whatever `nextResolve` returns, a promise or not).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_ALIASES } from './source-aliases.mjs';

export function resolve(specifier, context, nextResolve) {
  const alias = SOURCE_ALIASES.find(({ find }) => find.test(specifier));
  if (alias) return nextResolve(pathToFileURL(alias.replacement).href, context);
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const source = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(source))) return nextResolve(source.href, context);
  }
  return nextResolve(specifier, context);
}
