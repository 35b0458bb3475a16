/**
 * The state login-kit instances share: rate-limit counters, sessions ended by logout, poll pacing,
 * logins the IdP announced (ping mode) and refresh results (so two requests that refresh one session
 * at once use one refresh). Keys and values are short strings; none is a token, a cookie, a username
 * or an address. Give every instance the same store (e.g. Redis) when you run several; the default
 * {@link MemoryLoginStore} covers one process.
 *
 * Every operation names one key, so a Redis Cluster routes it to one shard. The five methods are
 * required; the optional ones make the kit cheaper and faster where the store offers them (the
 * kit's own stores implement all).
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
  /**
   * Stores `value` under `key` for `ttlSeconds`. With `durable`, resolves only once the value would
   * survive the loss of the server that took it (Redis: `WAIT` for replicas), and rejects otherwise.
   */
  set(
    key: string,
    value: string,
    ttlSeconds: number,
    options?: { readonly durable?: boolean },
  ): Promise<void>;
  /** Forgets `key` (Redis `DEL`): a lock released. */
  delete(key: string): Promise<void>;
  /**
   * Optional. Adds `by` (default 1; -1 takes a count back) to the counter `field` of the group `key`
   * (a Redis hash: one key for all counters of one kind and window) and returns it; the group is
   * forgotten at `expiresAt` (milliseconds since the epoch). Without it the kit calls `increment`.
   */
  incrementField?(key: string, field: string, expiresAt: number, by?: number): Promise<number>;
  /** Optional. Sends `message` to every instance that subscribed to `channel` (Redis `PUBLISH`). */
  publish?(channel: string, message: string): Promise<void>;
  /**
   * Optional. Calls `listener` with every message published to `channel`, from now on. Without it
   * (or `publish`), an instance learns what another one was told by asking the store, 4 times a second.
   */
  subscribe?(channel: string, listener: (message: string) => void): Promise<void>;
  /**
   * Optional. Calls `listener` whenever the connection to the store was lost (the server may have
   * restarted and lost what it held): the kit then trusts the store again only after checking it.
   */
  onConnectionLost?(listener: () => void): void;
}
