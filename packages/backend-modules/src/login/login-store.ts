/**
 * The state login-kit instances share: rate-limit counters, sessions ended by logout, poll pacing,
 * and refresh results (so two requests that refresh one session at once use one refresh). Keys and
 * values are short strings; none is a token or a cookie. Give every instance the same store (e.g.
 * Redis) when you run several; the default {@link MemoryLoginStore} covers one process.
 *
 * @example
 * ```ts
 * import type { LoginStore } from '@ones.dev/backend-modules/login';
 * const store: LoginStore = {
 *   increment: async () => 1,
 *   add: async () => true,
 *   get: async () => null,
 *   set: async () => {},
 *   delete: async () => {},
 * };
 * ```
 */
export interface LoginStore {
  /** Adds one to `key`'s counter, which starts at 0 and is forgotten `windowSeconds` after it began. */
  increment(key: string, windowSeconds: number): Promise<number>;
  /**
   * Stores `value` under `key` for `ttlSeconds` only if nothing is stored there; whether it did
   * (Redis `SET NX PX`). Times are seconds, possibly fractional (`0.8`): give Redis whole
   * milliseconds, `Math.ceil(ttlSeconds * 1000)`.
   */
  add(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** The value stored under `key`, or `null` when there is none (or it expired). */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Forgets `key` (Redis `DEL`): a lock released. */
  delete(key: string): Promise<void>;
}

interface Entry {
  value: string;
  count: number;
  readonly expiresAt: number;
}

/**
 * Entries in least-recently-used order with a cap: when full, the expired go first, then the least
 * recently used tenth in one sweep, so that a flood costs amortized O(1) per new key rather than a
 * scan each, and a counter that keeps being hit (a victim's) outlives the flood's new ones.
 */
class CappedEntries {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** The live entry under `key`, moved to the young end: a counter in use is evicted last. */
  live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  put(key: string, entry: Entry, now: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) {
      for (const [old, { expiresAt }] of this.#entries) if (expiresAt <= now) this.#entries.delete(old);
      let drop = this.#entries.size >= this.#max ? Math.ceil(this.#max / 10) : 0;
      for (const old of this.#entries.keys()) {
        if (drop-- <= 0) break;
        this.#entries.delete(old);
      }
    }
    this.#entries.set(key, entry);
  }
}

/**
 * A {@link LoginStore} in this process's memory. Rate-limit counters are capped per kind (a flood
 * of new addresses can only push out other addresses' counters, never a user's); stored values
 * (logouts, refresh results, poll pacing) are only ever dropped when they expire. Correct for one
 * instance; with several, each counts and remembers logouts on its own: use a shared store.
 *
 * @example
 * ```ts
 * import { MemoryLoginStore } from '@ones.dev/backend-modules/login';
 * const store = new MemoryLoginStore({ maxCountersPerKind: 50_000 });
 * await store.set('k', 'v', 60);
 * ```
 */
export class MemoryLoginStore implements LoginStore {
  readonly #counters = new Map<string, CappedEntries>();
  readonly #values = new Map<string, Entry>();
  readonly #maxCounters: number;
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(options: { readonly maxCountersPerKind?: number; readonly now?: () => number } = {}) {
    this.#maxCounters = options.maxCountersPerKind ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    // the kind: `ones:rl:start-user:…` counts apart from `ones:rl:start-address:…`
    const kind = key.split(':', 3).join(':');
    let counters = this.#counters.get(kind);
    if (counters === undefined) {
      counters = new CappedEntries(this.#maxCounters);
      this.#counters.set(kind, counters);
    }
    const now = this.#now();
    const entry = counters.live(key, now);
    if (entry !== undefined) return ++entry.count;
    counters.put(key, { value: '', count: 1, expiresAt: now + windowSeconds * 1000 }, now);
    return 1;
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    // no await between the check and the write: two concurrent adds cannot both win
    if (this.#value(key) !== null) return false;
    this.#store(key, value, ttlSeconds);
    return true;
  }

  async get(key: string): Promise<string | null> {
    return this.#value(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#store(key, value, ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }

  #value(key: string): string | null {
    const entry = this.#values.get(key);
    if (entry === undefined) return null;
    if (entry.expiresAt > this.#now()) return entry.value;
    this.#values.delete(key);
    return null;
  }

  #store(key: string, value: string, ttlSeconds: number): void {
    const now = this.#now();
    this.#values.set(key, { value, count: 0, expiresAt: now + ttlSeconds * 1000 });
    if (now >= this.#nextSweep) {
      // once a minute, the expired values go
      this.#nextSweep = now + 60_000;
      for (const [old, { expiresAt }] of this.#values) if (expiresAt <= now) this.#values.delete(old);
    }
  }
}
