import type { LoginStore } from './login-store.js';

/**
 * The Redis commands {@link RedisLoginStore} sends, in the shape of node-redis's client (`redis` on
 * npm, v4 and later): `createClient()` satisfies it as it is. Nothing here imports a Redis client,
 * so the SDK does not depend on one; you bring yours.
 *
 * @example
 * ```ts
 * import type { RedisCommands } from '@ones.dev/backend-modules/login';
 * const commands: RedisCommands = {
 *   eval: async () => 1,
 *   set: async () => 'OK',
 *   get: async () => null,
 *   del: async () => 1,
 * };
 * ```
 */
export interface RedisCommands {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<unknown>;
  get(key: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

// INCR, and the window's expiry set by the request that started the count, in one atomic step.
const INCREMENT =
  "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

/** Whole milliseconds, at least 1 (Redis refuses `PX 0`). */
const milliseconds = (seconds: number) => Math.max(1, Math.ceil(seconds * 1000));

/**
 * A {@link LoginStore} in Redis, for several instances of your app: rate limits count across all of
 * them, a logout on one is seen by all, and one refresh per session happens fleet-wide. Create the
 * client with `disableOfflineQueue: true`, so that a command fails at once while Redis is away
 * instead of waiting for it; the kit then falls back to this instance's memory and says so once in
 * the log (see docs/login-kit.md, "Several instances").
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { RedisLoginStore } from '@ones.dev/backend-modules/login';
 *
 * const redis = await createClient({ url: 'redis://127.0.0.1:6379', disableOfflineQueue: true })
 *   .on('error', () => {}) // the kit logs what matters; node-redis reconnects by itself
 *   .connect();
 * const store = new RedisLoginStore(redis, { prefix: 'shop:' });
 * ```
 */
export class RedisLoginStore implements LoginStore {
  readonly #redis: RedisCommands;
  readonly #prefix: string;

  /** `prefix` goes before every key, for apps that share one Redis (default none: keys start `ones:`). */
  constructor(redis: RedisCommands, options: { readonly prefix?: string } = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? '';
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const count = await this.#redis.eval(INCREMENT, {
      keys: [this.#prefix + key],
      arguments: [String(milliseconds(windowSeconds))],
    });
    if (typeof count !== 'number')
      throw new TypeError('Redis answered INCR with something other than a number');
    return count;
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (
      (await this.#redis.set(this.#prefix + key, value, { PX: milliseconds(ttlSeconds), NX: true })) !== null
    );
  }

  async get(key: string): Promise<string | null> {
    const value = await this.#redis.get(this.#prefix + key);
    if (value === null || typeof value === 'string') return value;
    // say so rather than read a logged-out session as not logged out
    throw new TypeError(
      'Redis answered GET with something other than a string; do not map replies to Buffers',
    );
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#redis.set(this.#prefix + key, value, { PX: milliseconds(ttlSeconds) });
  }

  async delete(key: string): Promise<void> {
    await this.#redis.del(this.#prefix + key);
  }
}
