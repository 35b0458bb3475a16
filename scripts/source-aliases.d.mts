/** Vite/Vitest `resolve.alias` entries: `@ones.dev/<name>[/<entry>]` → `packages/<name>/src/<entry>.ts`. */
export declare const SOURCE_ALIASES: ReadonlyArray<{ readonly find: RegExp; readonly replacement: string }>;
