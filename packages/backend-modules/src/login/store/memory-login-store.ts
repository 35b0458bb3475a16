import type { LoginStore } from './login-store.js';

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

  /** Adds an entry under a `key` that `live` has just found absent. */
  put(key: string, entry: Entry, now: number): void {
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
 * A {@link LoginStore} in this process's memory. Counters are capped per group (a flood of new
 * addresses can only push out other addresses' counters, never a user's); stored values (logouts,
 * refresh results, poll pacing) are dropped only when they expire. Publish and subscribe reach the
 * kits of this process. Correct for one instance; with several, each counts and remembers logouts
 * on its own: use a shared store.
 *
 * @example
 * ```ts
 * import { MemoryLoginStore } from '@ones.dev/backend-modules/login';
 * const store = new MemoryLoginStore({ maxCountersPerKind: 50_000 });
 * await store.set('k', 'v', 60);
 * ```
 */
export class MemoryLoginStore implements LoginStore {
  readonly #groups = new Map<string, { counters: CappedEntries; expiresAt: number }>();
  readonly #values = new Map<string, Entry>();
  readonly #listeners = new Map<string, Set<(message: string) => void>>();
  readonly #maxCounters: number;
  /** The counters of `increment` (each with its own window), apart from every `incrementField` group. */
  readonly #plainCounters: CappedEntries;
  readonly #now: () => number;
  #nextSweep = 0;

  /**
   * @param options - `maxCountersPerKind`: counters kept per group (default 100,000); `now`: the
   * clock in milliseconds (default `Date.now`)
   */
  constructor(options: { readonly maxCountersPerKind?: number; readonly now?: () => number } = {}) {
    this.#maxCounters = options.maxCountersPerKind ?? 100_000;
    this.#plainCounters = new CappedEntries(this.#maxCounters);
    this.#now = options.now ?? Date.now;
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    return this.#countIn(this.#plainCounters, key, this.#now() + windowSeconds * 1000);
  }

  async incrementField(key: string, field: string, expiresAt: number, by = 1): Promise<number> {
    return this.#countIn(this.#group(key, expiresAt), field, expiresAt, by);
  }

  /** The counters of the group `key`, new when it ended (ended groups are swept past 64). */
  #group(key: string, expiresAt: number): CappedEntries {
    const now = this.#now();
    let group = this.#groups.get(key);
    if (group === undefined || group.expiresAt <= now) {
      if (this.#groups.size > 64) {
        for (const [old, ended] of this.#groups) if (ended.expiresAt <= now) this.#groups.delete(old);
      }
      group = { counters: new CappedEntries(this.#maxCounters), expiresAt };
      this.#groups.set(key, group);
    }
    return group.counters;
  }

  #countIn(counters: CappedEntries, key: string, expiresAt: number, by = 1): number {
    const now = this.#now();
    const entry = counters.live(key, now);
    if (entry !== undefined) {
      entry.count += by;
      return entry.count;
    }
    counters.put(key, { value: '', count: by, expiresAt }, now);
    return by;
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

  async publish(channel: string, message: string): Promise<void> {
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) queueMicrotask(() => listener(message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    const listeners = this.#listeners.get(channel) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(channel, listeners);
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
