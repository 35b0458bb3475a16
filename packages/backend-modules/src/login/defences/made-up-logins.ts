import { randomBytes } from 'node:crypto';
import { OnesOAuthError } from '@ones.dev/common';
import { type Clock, systemClock } from '../settings/clock.js';
import type { SharedStore } from '../store/shared-store.js';
import type { StoreKeys } from '../store/store-keys.js';
import { TimingSamples } from './timing-samples.js';

/** The IdP's answers to a login start that tell something about the user rather than the request. */
const ABOUT_THE_USER = new Set([
  'unknown_user_id',
  'access_denied',
  'expired_login_hint_token',
  'missing_user_code',
  'invalid_user_code',
]);

/** Whether `error` (from `bc-authorize`) must be hidden behind a made-up login. */
export function isAboutTheUser(error: unknown): boolean {
  return error instanceof OnesOAuthError && ABOUT_THE_USER.has(error.error);
}

/** How long a CIBA login lasts and how often the kit may ask the IdP about it, in seconds. */
export interface CibaTiming {
  readonly expiresIn: number;
  readonly idpInterval: number;
}

/** The shared timing as stored (`{"expires_in":…,"interval":…}`); `{}` for anything else. */
function parsedTiming(value: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** How long the learned timing stays in the store for instances that have seen no real login. */
const TIMING_SECONDS = 86_400;

/**
 * Made-up logins: what the kit answers for a user the IdP does not know (`hideUnknownUsers`), so
 * that nobody can tell an unknown user from a known one who does not approve. A made-up login gets
 * an id of the IdP's shape, the timing of the latest real login (shared through the store), and
 * the same pace: every start, real or made-up, answers after as long as 95 % of recent starts took,
 * and so does every pending poll, after as long as 95 % of recent polls at the IdP. It never costs a
 * device signature: the IdP is not asked about it after the start.
 *
 * @example
 * const made = madeUp.newId(); // 43 base64url characters, like oidc-provider's auth_req_id
 * await madeUp.lastLikeEveryStart(started);
 */
export class MadeUpLogins {
  readonly #store: SharedStore;
  readonly #keys: StoreKeys;
  /** Real time, whatever clock the kit runs on: the durations copied were measured in real time. */
  readonly #pause: Clock['sleep'];
  readonly #random: () => number;
  readonly #now: () => number;
  /** Every start at the IdP, accepted or refused: they all last as long as the slowest few. */
  readonly #starts: TimingSamples;
  readonly #polls: TimingSamples;
  #timing: CibaTiming | undefined;
  #timingShared = false;
  readonly #defaults: CibaTiming;

  constructor(parts: {
    readonly store: SharedStore;
    readonly keys: StoreKeys;
    readonly defaults: CibaTiming;
    readonly random?: () => number;
    readonly pause?: Clock['sleep'];
    /** `performance.now()` by default: the durations copied are measured with it. */
    readonly now?: () => number;
  }) {
    this.#store = parts.store;
    this.#keys = parts.keys;
    this.#pause = parts.pause ?? systemClock.sleep;
    this.#random = parts.random ?? Math.random;
    this.#now = parts.now ?? (() => performance.now());
    this.#defaults = parts.defaults;
    this.#starts = new TimingSamples();
    this.#polls = new TimingSamples();
  }

  /** A fresh id of the IdP's shape (43 base64url characters). */
  newId(): string {
    return randomBytes(32).toString('base64url').slice(0, 43);
  }

  /** Remembers a real login's timing, here and (once, or when it changed) in the store. */
  async learn(timing: CibaTiming): Promise<void> {
    const changed =
      this.#timing?.expiresIn !== timing.expiresIn || this.#timing?.idpInterval !== timing.idpInterval;
    this.#timing = timing;
    if (!changed && this.#timingShared) return;
    const value = JSON.stringify({ expires_in: timing.expiresIn, interval: timing.idpInterval });
    const written = await this.#store.attempt((store) =>
      store.set(this.#keys.cibaTiming(), value, TIMING_SECONDS),
    );
    this.#timingShared = written.ok;
  }

  /** The timing a made-up login copies: the latest real one here or in the store, else the defaults. */
  async timing(): Promise<CibaTiming> {
    if (this.#timing !== undefined) return this.#timing;
    const read = await this.#store.attempt((store) => store.get(this.#keys.cibaTiming()));
    const { expires_in, interval } = read.ok ? parsedTiming(read.value) : {};
    if (Number.isInteger(expires_in) && Number.isInteger(interval)) {
      this.#timing = { expiresIn: expires_in as number, idpInterval: interval as number };
      this.#timingShared = true;
      return this.#timing;
    }
    return this.#defaults;
  }

  /**
   * When an answer is due: after 95 % of recent durations, plus a random part as wide as their
   * spread (95th less 50th percentile, at least 1 ms), so that what little differs between a real
   * and a made-up answer's own work (a timer's rounding, an error's stack) drowns in it.
   */
  #target(samples: TimingSamples): number {
    const high = samples.quantile(0.95) ?? 0;
    const spread = Math.max(1, high - (samples.quantile(0.5) ?? 0));
    return high + this.#random() * spread;
  }

  /**
   * Waits until a login start (at the IdP since `startedAt`, a `performance.now()` time), accepted or refused, has taken as
   * long as 95 % of recent starts: an IdP refuses an unknown user at its own speed, so every start
   * answers at the same pace rather than the made-up ones copying the real ones.
   */
  async lastLikeEveryStart(startedAt: number): Promise<void> {
    this.#starts.add(this.#now() - startedAt);
    await this.#waitUntil(startedAt + this.#target(this.#starts));
  }

  /**
   * Waits until a poll that is still pending has taken as long as 95 % of recent pending polls at
   * the IdP, counted from `startedAt` (`performance.now()` before the IdP would be asked): a real
   * one (`atTheIdpMs`, noted) after its round trip, a made-up one (`undefined`) without making one.
   */
  async lastLikeEveryPoll(
    startedAt: number,
    atTheIdpMs: number | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    if (atTheIdpMs !== undefined) this.#polls.add(atTheIdpMs);
    const samples = this.#polls.size > 0 ? this.#polls : this.#starts;
    await this.#waitUntil(startedAt + this.#target(samples), signal);
  }

  /**
   * Waits until `end` (`performance.now()` time): a timer can fire up to a millisecond early (it
   * counts from when the event loop last looked at the clock), so it is set again for what is left.
   */
  async #waitUntil(end: number, signal?: AbortSignal): Promise<void> {
    for (let left = end - this.#now(); left > 0 && signal?.aborted !== true; left = end - this.#now()) {
      await this.#pause(Math.max(1, Math.ceil(left)), signal);
    }
  }
}
