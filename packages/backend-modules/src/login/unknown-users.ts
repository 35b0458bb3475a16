import { randomBytes } from 'node:crypto';
import { OnesOAuthError } from '@ones.dev/common';
import type { LoginKit } from './login-kit.js';

/** The IdP's answers to a login start that tell something about the user rather than the request. */
const ABOUT_THE_USER = new Set([
  'unknown_user_id',
  'access_denied',
  'expired_login_hint_token',
  'missing_user_code',
  'invalid_user_code',
]);

/** Whether `error` (from `bc-authorize`) must be hidden behind a stand-in answer. */
export function isAboutTheUser(error: unknown): boolean {
  return error instanceof OnesOAuthError && ABOUT_THE_USER.has(error.error);
}

const TIMING_KEY = 'ones:ciba-timing';

/**
 * Remembers the timing of a real CIBA acknowledgement (`expires_in`, `interval`), here and in the
 * store, so that stand-ins on every instance copy it, including one that has seen no real login.
 */
export async function learnCibaTiming(kit: LoginKit, timing: { expires_in: number; interval: number }) {
  const changed =
    kit.cibaTiming.expires_in !== timing.expires_in || kit.cibaTiming.interval !== timing.interval;
  kit.cibaTiming = timing;
  if (changed || !kit.cibaTimingShared) {
    kit.cibaTimingShared = true;
    await kit.settings.store.set(TIMING_KEY, JSON.stringify(timing), 86_400);
  }
}

/**
 * The stand-in for a login the IdP refused because of who the user is: an id of the same shape as
 * the IdP's (43 base64url characters, as oidc-provider's), with the timing of the latest real
 * login on any instance. It stays pending until it expires, as a login nobody approves does.
 */
export async function standInAcknowledgement(kit: LoginKit) {
  if (!kit.cibaTimingShared) {
    const shared = JSON.parse((await kit.settings.store.get(TIMING_KEY)) ?? 'null') as unknown;
    const { expires_in, interval } = (shared ?? {}) as Record<string, unknown>;
    if (Number.isInteger(expires_in) && Number.isInteger(interval)) {
      kit.cibaTiming = { expires_in: expires_in as number, interval: interval as number };
    }
  }
  return { auth_req_id: randomBytes(32).toString('base64url').slice(0, 43), ...kit.cibaTiming };
}

/**
 * Waits about as long as a real poll of the IdP takes lately (its moving average, ±25 %), so that
 * a stand-in's "still pending" does not come back faster than a real one.
 */
export function likeARealPoll(kit: LoginKit): Promise<void> {
  const ms = kit.pollMilliseconds * (0.75 + Math.random() * 0.5);
  return new Promise((done) => setTimeout(done, ms));
}
