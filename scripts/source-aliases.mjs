// Where each workspace package's source entry is, for tools that should run on source instead of a
// build that may be stale: Vitest (vitest.config.ts) and the SPA test's Vite build.
import { fileURLToPath } from 'node:url';

const source = (path) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

/** Vite/Vitest `resolve.alias` entries: `@ones.dev/<name>[/<entry>]` → `packages/<name>/src/<entry>.ts`. */
export const SOURCE_ALIASES = [
  { find: /^@ones\.dev\/common$/, replacement: source('common/src/index.ts') },
  { find: /^@ones\.dev\/common\/schemas$/, replacement: source('common/src/schemas.ts') },
  { find: /^@ones\.dev\/common\/qr$/, replacement: source('common/src/qr.ts') },
  { find: /^@ones\.dev\/common\/widget$/, replacement: source('common/src/widget.ts') },
  { find: /^@ones\.dev\/common\/internal$/, replacement: source('common/src/internal.ts') },
  { find: /^@ones\.dev\/idp-model$/, replacement: source('idp-model/src/index.ts') },
  { find: /^@ones\.dev\/backend-modules$/, replacement: source('backend-modules/src/index.ts') },
  { find: /^@ones\.dev\/backend-modules\/login$/, replacement: source('backend-modules/src/login.ts') },
  { find: /^@ones\.dev\/testing$/, replacement: source('testing/src/index.ts') },
  { find: /^@ones\.dev\/dev-idp$/, replacement: source('dev-idp/src/index.ts') },
];
