import type { LoginHintKind } from '@ones.dev/common';
import { LoginRefusal } from '../http/answers.js';
import type { Clock } from '../settings/clock.js';
import type { LoginStore } from '../store/login-store.js';
import type { SharedStore } from '../store/shared-store.js';
import type { CounterKind, StoreKeys } from '../store/store-keys.js';
import { addressBucket, UNKNOWN_ADDRESS, userBucket } from './buckets.js';

/**
 * How many requests of one kind a key may make per window; `false` turns the limit off.
 *
 * @example
 * ```ts
 * import type { RateLimit } from '@ones.dev/backend-modules/login';
 * const limit: RateLimit = { max: 20, windowSeconds: 60 };
 * ```
 */
export interface RateLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/** One count a request makes: of what kind, for whom, under which limit. */
interface Count {
  readonly kind: CounterKind;
  readonly subject: string;
  readonly limit: RateLimit | false;
}

/** A count's new value, its limit, and the seconds to its window's end. */
interface Counted {
  readonly count: number;
  readonly max: number;
  readonly secondsLeft: number;
}

/** The limits after checking, `false` where turned off. */
export interface RateLimitSettings {
  readonly loginStartsPerAddress: RateLimit | false;
  readonly loginStartsPerUserAndAddress: RateLimit | false;
  readonly loginStartsPerUser: RateLimit | false;
  readonly requestsPerAddress: RateLimit | false;
  readonly loginStartsWithoutAddress: RateLimit | false;
  readonly requestsWithoutAddress: RateLimit | false;
}

/**
 * The kit's rate limits, counted in fixed windows in the store (every instance shares them), or in
 * this instance's memory while the store does not answer. Past a limit it throws
 * `ERR_LOGIN_RATE_LIMITED` (429) with the exact seconds to the window's end in `Retry-After`.
 *
 * - Addresses count by `addressBucket` (IPv6 by /64); clients whose address is unknown share one
 *   bucket with limits of its own, larger than one address's, so they are limited without locking
 *   out every login.
 * - A user counts once however the browser names them: the per-user limit is split evenly over the
 *   hint kinds the app allows (`loginHintKinds`), so all ways of naming one person together stay
 *   within it. Consent prompts count apart, by the session's `sub`, under the same limit.
 * - The IdP's notifications count per instance only: they need no store to be refused when forged.
 *
 * @example
 * await limits.countLoginStart('203.0.113.7', { kind: 'username', identifier: 'bob' });
 */
export class RateLimits {
  readonly #store: SharedStore;
  readonly #keys: StoreKeys;
  readonly #clock: Clock;
  readonly #limits: RateLimitSettings;
  readonly #perUserKind: RateLimit | false;

  constructor(parts: {
    readonly store: SharedStore;
    readonly keys: StoreKeys;
    readonly clock: Clock;
    readonly limits: RateLimitSettings;
    readonly loginHintKinds: readonly LoginHintKind[];
  }) {
    this.#store = parts.store;
    this.#keys = parts.keys;
    this.#clock = parts.clock;
    this.#limits = parts.limits;
    const perUser = parts.limits.loginStartsPerUser;
    this.#perUserKind =
      perUser === false
        ? false
        : { ...perUser, max: Math.floor(perUser.max / Math.max(1, parts.loginHintKinds.length)) };
  }

  /** Counts a request other than a login start; the IdP's (`caller: 'idp'`) in this instance only. */
  async countRequest(address: string | undefined, caller: 'browser' | 'idp'): Promise<void> {
    const bucket = addressBucket(address);
    const limit =
      bucket === UNKNOWN_ADDRESS ? this.#limits.requestsWithoutAddress : this.#limits.requestsPerAddress;
    const where = caller === 'idp' ? this.#store.local : undefined;
    await this.#count('request-address', `${caller}\n${bucket}`, limit, where);
  }

  /**
   * Counts a login start: per client address; then, for a named user, per user and address (so one
   * network cannot use up a victim's allowance) and per user from all addresses (so no crowd can
   * flood one phone with prompts). Each count happens only if the one before passed.
   */
  async countLoginStart(
    address: string | undefined,
    user?: { readonly kind: LoginHintKind; readonly identifier: string },
  ): Promise<void> {
    const bucket = addressBucket(address);
    const perAddress =
      bucket === UNKNOWN_ADDRESS
        ? this.#limits.loginStartsWithoutAddress
        : this.#limits.loginStartsPerAddress;
    const counts: Count[] = [{ kind: 'start-address', subject: bucket, limit: perAddress }];
    if (user !== undefined) {
      const named = `${user.kind}\n${userBucket(user.identifier, user.kind)}`;
      counts.push(
        {
          kind: 'start-user-address',
          subject: `${named}\n${bucket}`,
          limit: this.#limits.loginStartsPerUserAndAddress,
        },
        { kind: 'start-user', subject: named, limit: this.#perUserKind },
      );
    }
    await this.#countInOrder(counts);
  }

  /** Counts a consent request: a prompt on the phone of the user with this `sub`. */
  countConsentPrompt(sub: string): Promise<void> {
    return this.#count('consent-user', sub, this.#limits.loginStartsPerUser);
  }

  /**
   * Counts each of `counts` as if one after another: a count past its limit throws, and the ones
   * after it do not count. With a store that can take a count back (`incrementField`), all are sent
   * at once (one round trip) and the ones after a refused one are taken back.
   */
  async #countInOrder(counts: readonly Count[]): Promise<void> {
    const active = counts.filter((count) => count.limit !== false);
    if (this.#store.store.incrementField === undefined) {
      for (const count of active) this.#refuseOver(await this.#increment(count, 1));
      return;
    }
    const results = await Promise.all(active.map((count) => this.#increment(count, 1)));
    const refused = results.findIndex((result) => result.count > result.max);
    if (refused === -1) return;
    await Promise.all(active.slice(refused + 1).map((count) => this.#increment(count, -1)));
    this.#refuseOver(results[refused] as Counted);
  }

  async #count(kind: CounterKind, subject: string, limit: RateLimit | false, where?: LoginStore) {
    if (limit !== false) this.#refuseOver(await this.#increment({ kind, subject, limit }, 1, where));
  }

  /** Adds `by` to a count in its window, in the store (or this instance's memory); its new value. */
  async #increment(count: Count, by: number, where?: LoginStore): Promise<Counted> {
    const limit = count.limit as RateLimit;
    const windowMs = limit.windowSeconds * 1000;
    const now = this.#clock.now();
    const window = Math.floor(now / windowMs);
    const ends = (window + 1) * windowMs;
    const key = this.#keys.counter(count.kind, count.subject, window);
    const increment = (store: LoginStore) =>
      store.incrementField === undefined
        ? store.increment(key.single, (ends - now) / 1000)
        : store.incrementField(key.group, key.field, ends, by);
    const value = await (where === undefined ? this.#store.orLocal(increment) : increment(where));
    return { count: value, max: limit.max, secondsLeft: Math.max(1, Math.ceil((ends - now) / 1000)) };
  }

  #refuseOver(counted: Counted): void {
    if (counted.count > counted.max) {
      throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'too many requests; try again later', {
        'retry-after': String(counted.secondsLeft),
      });
    }
  }
}
