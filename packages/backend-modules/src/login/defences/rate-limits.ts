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
    await this.#count('start-address', bucket, perAddress);
    if (user === undefined) return;
    const named = `${user.kind}\n${userBucket(user.identifier, user.kind)}`;
    await this.#count('start-user-address', `${named}\n${bucket}`, this.#limits.loginStartsPerUserAndAddress);
    await this.#count('start-user', named, this.#perUserKind);
  }

  /** Counts a consent request: a prompt on the phone of the user with this `sub`. */
  countConsentPrompt(sub: string): Promise<void> {
    return this.#count('consent-user', sub, this.#limits.loginStartsPerUser);
  }

  async #count(kind: CounterKind, subject: string, limit: RateLimit | false, where?: LoginStore) {
    if (limit === false) return;
    const windowMs = limit.windowSeconds * 1000;
    const now = this.#clock.now();
    const window = Math.floor(now / windowMs);
    const ends = (window + 1) * windowMs;
    const key = this.#keys.counter(kind, subject, window);
    const increment = (store: LoginStore) =>
      store.incrementField === undefined
        ? store.increment(key.single, (ends - now) / 1000)
        : store.incrementField(key.group, key.field, ends);
    const count = await (where === undefined ? this.#store.orLocal(increment) : increment(where));
    if (count > limit.max) {
      throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'too many requests; try again later', {
        'retry-after': String(Math.max(1, Math.ceil((ends - now) / 1000))),
      });
    }
  }
}
