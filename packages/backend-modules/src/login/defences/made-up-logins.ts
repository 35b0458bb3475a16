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
 * durations drawn from real ones: its start lasts as long as real starts, each poll as long as a
 * real poll's round trip. It never costs a device signature: the IdP is not asked about it.
 *
 * @example
 * const made = madeUp.newId(); // 43 base64url characters, like oidc-provider's auth_req_id
 * await madeUp.lastLikeARealStart(performance.now() - started);
 */
export class MadeUpLogins {
  readonly #store: SharedStore;
  readonly #keys: StoreKeys;
  /** Real time, whatever clock the kit runs on: the durations copied were measured in real time. */
  readonly #pause: Clock['sleep'];
  readonly #starts: TimingSamples;
  readonly #polls: TimingSamples;
  /** Refused starts: the only durations there are before the first real login. */
  readonly #refusals: TimingSamples;
  #timing: CibaTiming | undefined;
  #timingShared = false;
  readonly #defaults: CibaTiming;

  constructor(parts: {
    readonly store: SharedStore;
    readonly keys: StoreKeys;
    readonly defaults: CibaTiming;
    readonly random?: () => number;
    readonly pause?: Clock['sleep'];
  }) {
    this.#store = parts.store;
    this.#keys = parts.keys;
    this.#pause = parts.pause ?? systemClock.sleep;
    this.#defaults = parts.defaults;
    this.#starts = new TimingSamples(parts.random);
    this.#polls = new TimingSamples(parts.random);
    this.#refusals = new TimingSamples(parts.random);
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

  /** Notes how long a real start at the IdP took (milliseconds). */
  noteRealStart(milliseconds: number): void {
    this.#starts.add(milliseconds);
  }

  /** Notes how long a real poll at the IdP took (milliseconds). */
  noteRealPoll(milliseconds: number): void {
    this.#polls.add(milliseconds);
  }

  /** Waits until a refused start (`elapsedMs` so far) has taken as long as a real one would. */
  async lastLikeARealStart(elapsedMs: number): Promise<void> {
    this.#refusals.add(elapsedMs);
    const target = this.#starts.draw() ?? this.#refusals.draw() ?? 0;
    if (target > elapsedMs) await this.#pause(target - elapsedMs);
  }

  /** Waits as long as a real poll's round trip to the IdP takes, without making one. */
  async pollLikeARealLogin(signal: AbortSignal | undefined): Promise<void> {
    const target = this.#polls.draw() ?? this.#starts.draw() ?? this.#refusals.draw() ?? 0;
    if (target > 0) await this.#pause(target, signal);
  }
}
