// Lets node run the workspace's TypeScript source (with --experimental-transform-types): a relative
// `./x.js` import from a .ts file loads `./x.ts` when it exists (tsc's convention, which node does not
// follow by itself), and `@ones.dev/<name>` loads that package's source entry, as in the tests.
// Usage: node --experimental-transform-types --import ./scripts/source-hooks.mjs some/file.ts
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_ALIASES } from './source-aliases.mjs';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const alias = SOURCE_ALIASES.find(({ find }) => find.test(specifier));
    if (alias) return nextResolve(pathToFileURL(alias.replacement).href, context);
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const source = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(source))) return nextResolve(source.href, context);
    }
    return nextResolve(specifier, context);
  },
});
