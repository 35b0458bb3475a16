/**
 * The state login-kit instances share: rate-limit counters, sessions ended by logout, and refresh
 * results (so two requests that refresh one session at once use one refresh). Keys and values are
 * short strings; nothing in them is a token. Give every instance the same store (e.g. Redis) when
 * you run several; the default {@link MemoryLoginStore} covers one process.
 *
 * @example
 * ```ts
 * import type { LoginStore } from '@ones.dev/backend-modules/login';
 * const store: LoginStore = {
 *   increment: async () => 1,
 *   get: async () => null,
 *   set: async () => {},
 * };
 * ```
 */
export interface LoginStore {
  /** Adds one to `key`'s counter, which starts at 0 and is forgotten `windowSeconds` after it began. */
  increment(key: string, windowSeconds: number): Promise<number>;
  /** The value stored under `key`, or `null` when there is none (or it expired). */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

interface Entry {
  value: string;
  count: number;
  readonly expiresAt: number;
}

/**
 * A {@link LoginStore} in this process's memory, with a cap on its entries (the oldest go first), so
 * a flood of new keys cannot exhaust memory. Correct for one instance; with several, their rate
 * limits count separately and a logout is known only where it happened.
 *
 * @example
 * ```ts
 * import { MemoryLoginStore } from '@ones.dev/backend-modules/login';
 * const store = new MemoryLoginStore({ maxEntries: 50_000 });
 * await store.set('k', 'v', 60);
 * ```
 */
export class MemoryLoginStore implements LoginStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { readonly maxEntries?: number; readonly now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const entry = this.#live(key);
    if (entry !== undefined) return ++entry.count;
    this.#put(key, { value: '', count: 1, expiresAt: this.#now() + windowSeconds * 1000 });
    return 1;
  }

  async get(key: string): Promise<string | null> {
    return this.#live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#put(key, { value, count: 0, expiresAt: this.#now() + ttlSeconds * 1000 });
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expiresAt > this.#now()) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  #put(key: string, entry: Entry): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      // Map keeps insertion order: drop the expired first, then the oldest.
      const now = this.#now();
      for (const [old, { expiresAt }] of this.#entries) if (expiresAt <= now) this.#entries.delete(old);
      const oldest = this.#entries.keys().next();
      if (this.#entries.size >= this.#maxEntries && !oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }
}
