import type { LoginStore } from './login-store.js';

/**
 * The Redis commands {@link RedisLoginStore} sends, in the shape of node-redis's clients (`redis` on
 * npm, v4 and later): `createClient()`, `createCluster()` and `createSentinel()` satisfy it as they
 * are. Nothing here imports a Redis client, so the SDK does not depend on one; you bring yours.
 * The optional commands make counting and notifications cheaper; without them the store uses `eval`.
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
  hIncrBy?(key: string, field: string, increment: number): Promise<unknown>;
  pExpireAt?(key: string, timestamp: number): Promise<unknown>;
  publish?(channel: string, message: string): Promise<unknown>;
  /** `WAIT numreplicas timeout`: how many replicas took the writes so far. */
  WAIT?(replicas: number, timeout: number): Promise<unknown>;
  /** `ROLE`: the replicas connected to this master now (node-redis's `{ replicas: [...] }`). */
  ROLE?(): Promise<unknown>;
  /** The client's events: `reconnecting` and `end` say the connection was lost. */
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * A connection that receives published messages: node-redis's `subscribe(channel, listener)`.
 *
 * @example
 * ```ts
 * import type { RedisSubscriber } from '@ones.dev/backend-modules/login';
 * import { createClient } from 'redis';
 * const redis = await createClient().connect();
 * const subscriber: RedisSubscriber = await redis.duplicate().connect();
 * ```
 */
export interface RedisSubscriber {
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
}

/**
 * Options of {@link RedisLoginStore}.
 *
 * @example
 * ```ts
 * import type { RedisLoginStoreOptions } from '@ones.dev/backend-modules/login';
 * const options: RedisLoginStoreOptions = { prefix: 'shop:', replicas: 1 };
 * ```
 */
export interface RedisLoginStoreOptions {
  /** Goes before every key and channel, for apps that share one Redis (default none: keys start `ones:`). */
  readonly prefix?: string;
  /**
   * A connection for notifications between instances (ping mode): `await redis.duplicate().connect()`
   * for a client (a subscribing connection runs no other command), the cluster or sentinel itself.
   * Without it, a held status request asks Redis 4 times a second instead of being told at once.
   */
  readonly subscriber?: RedisSubscriber;
  /**
   * Replicas that must hold a logout before it counts as recorded (Redis `WAIT`, 0.3 s at most):
   * 1 with Sentinel, so a failover cannot lose it. When fewer are connected (a promoted replica has
   * none of its own yet), all that are connected must. Default 0.
   */
  readonly replicas?: number;
}

// INCR, and the window's expiry set by the request that started the count, in one atomic step.
const INCREMENT =
  "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";
// HINCRBY, and the group's expiry when it has none yet (for clients without hIncrBy and pExpireAt).
const INCREMENT_FIELD =
  "local n = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3]) if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end return n";

/** Whole milliseconds, at least 1 (Redis refuses `PX 0`). */
const milliseconds = (seconds: number) => Math.max(1, Math.ceil(seconds * 1000));

function asNumber(reply: unknown, command: string): number {
  if (typeof reply !== 'number')
    throw new TypeError(`Redis answered ${command} with something other than a number`);
  return reply;
}

/**
 * A {@link LoginStore} in Redis, for several instances of your app: rate limits count across all of
 * them, a logout on one is seen by all, and one refresh per session happens fleet-wide. Every
 * command names one key, so it works on a Redis Cluster as on one server. Create the client with
 * `disableOfflineQueue: true`, so that a command fails at once while Redis is away instead of
 * waiting for it (see docs/login-kit.md, "Several instances", for what the kit does then).
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { RedisLoginStore } from '@ones.dev/backend-modules/login';
 *
 * const redis = await createClient({ url: 'redis://127.0.0.1:6379', disableOfflineQueue: true })
 *   .on('error', () => {}) // the kit logs what matters; node-redis reconnects by itself
 *   .connect();
 * const store = new RedisLoginStore(redis, { prefix: 'shop:', subscriber: await redis.duplicate().connect() });
 * ```
 */
export class RedisLoginStore implements LoginStore {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  readonly #replicas: number;
  /** Set when a `subscriber` was given: the kit's instances tell each other through it. */
  readonly subscribe?: (channel: string, listener: (message: string) => void) => Promise<void>;
  /** Counter groups whose expiry this process set, with that expiry: one `PEXPIREAT` per group. */
  readonly #expiring = new Map<string, number>();

  constructor(redis: RedisCommands, options: RedisLoginStoreOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? '';
    this.#replicas = options.replicas ?? 0;
    const { subscriber } = options;
    if (subscriber !== undefined) {
      this.subscribe = async (channel, listener) => {
        await subscriber.subscribe(this.#prefix + channel, (message) => listener(message));
      };
    }
    // a lost connection may mean a restarted server: what this process knows of it is gone too
    redis.on?.('reconnecting', () => this.#expiring.clear());
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const reply = await this.#redis.eval(INCREMENT, {
      keys: [this.#prefix + key],
      arguments: [String(milliseconds(windowSeconds))],
    });
    return asNumber(reply, 'INCR');
  }

  async incrementField(key: string, field: string, expiresAt: number, by = 1): Promise<number> {
    const name = this.#prefix + key;
    const { hIncrBy, pExpireAt } = this.#redis;
    if (hIncrBy === undefined || pExpireAt === undefined) {
      const reply = await this.#redis.eval(INCREMENT_FIELD, {
        keys: [name],
        arguments: [field, String(expiresAt), String(by)],
      });
      return asNumber(reply, 'HINCRBY');
    }
    const count = asNumber(await hIncrBy.call(this.#redis, name, field, by), 'HINCRBY');
    if (this.#expiring.get(name) !== expiresAt) {
      if (this.#expiring.size > 256) this.#expiring.clear();
      await pExpireAt.call(this.#redis, name, expiresAt);
      this.#expiring.set(name, expiresAt);
    }
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

  async set(
    key: string,
    value: string,
    ttlSeconds: number,
    options: { readonly durable?: boolean } = {},
  ): Promise<void> {
    await this.#redis.set(this.#prefix + key, value, { PX: milliseconds(ttlSeconds) });
    if (options.durable !== true || this.#replicas === 0) return;
    const wait = this.#redis.WAIT;
    if (wait === undefined) throw new TypeError('RedisLoginStore: "replicas" needs a client with WAIT');
    // as many replicas as asked for, or all that are connected now (a promoted replica has none yet)
    const needed = Math.min(this.#replicas, await this.#connectedReplicas());
    if (needed === 0) return;
    const acknowledged = asNumber(await wait.call(this.#redis, needed, 300), 'WAIT');
    if (acknowledged < needed) {
      throw new Error(`only ${acknowledged} of ${needed} replicas acknowledged the write`);
    }
  }

  /** How many replicas the master has now (as many as asked for when the client cannot tell). */
  async #connectedReplicas(): Promise<number> {
    const role = (await this.#redis.ROLE?.call(this.#redis)) as { replicas?: unknown } | undefined;
    return Array.isArray(role?.replicas) ? role.replicas.length : this.#replicas;
  }

  async delete(key: string): Promise<void> {
    await this.#redis.del(this.#prefix + key);
  }

  async publish(channel: string, message: string): Promise<void> {
    const { publish } = this.#redis;
    if (publish === undefined) throw new TypeError('RedisLoginStore: the client has no PUBLISH');
    await publish.call(this.#redis, this.#prefix + channel, message);
  }

  onConnectionLost(listener: () => void): void {
    this.#redis.on?.('reconnecting', () => listener());
    this.#redis.on?.('end', () => listener());
  }
}
