// Lets node run the workspace's TypeScript source (with --experimental-transform-types): a relative
// `./x.js` import from a .ts file loads `./x.ts` when it exists (tsc's convention, which node does not
// follow by itself), and `@ones.dev/<name>` loads that package's source entry, as in the tests.
// Usage: node --experimental-transform-types --import ./scripts/source-hooks.mjs some/file.ts
// On Node 24 the hook runs in-thread (`registerHooks`); Node 22.12, the oldest the packages support
// and one the tests run on, has only `register` (the same hook, off-thread).
import * as nodeModule from 'node:module';
import { resolve } from './source-resolve.mjs';

if (typeof nodeModule.registerHooks === 'function') nodeModule.registerHooks({ resolve });
else nodeModule.register('./source-resolve.mjs', import.meta.url);
