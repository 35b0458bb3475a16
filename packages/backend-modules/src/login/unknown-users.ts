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

/** The store key of the shared timing: one per kit secret, so apps sharing a Redis keep apart. */
const timingKey = (kit: LoginKit) => `ones:ciba-timing:${kit.rateLimits.digest('ciba-timing')}`;

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
    await kit.settings.store.set(timingKey(kit), JSON.stringify(timing), 86_400);
  }
}

/**
 * The stand-in for a login the IdP refused because of who the user is: an id of the same shape as
 * the IdP's (43 base64url characters, as oidc-provider's), with the timing of the latest real
 * login on any instance. It stays pending until it expires, as a login nobody approves does.
 */
export async function standInAcknowledgement(kit: LoginKit) {
  if (!kit.cibaTimingShared) {
    const shared = JSON.parse((await kit.settings.store.get(timingKey(kit))) ?? 'null') as unknown;
    const { expires_in, interval } = (shared ?? {}) as Record<string, unknown>;
    if (Number.isInteger(expires_in) && Number.isInteger(interval)) {
      kit.cibaTiming = { expires_in: expires_in as number, interval: interval as number };
    }
  }
  return { auth_req_id: randomBytes(32).toString('base64url').slice(0, 43), ...kit.cibaTiming };
}

/**
 * A stand-in's poll, made like a real one: a token request to the IdP for its made-up id (which the
 * IdP refuses with `invalid_grant`, ignored here), so the answer takes a real poll's round trip and
 * signing, whatever the IdP's latency is today.
 */
export async function pollLikeARealLogin(kit: LoginKit, standInId: string): Promise<void> {
  await kit.settings.auth.checkCibaStatus(standInId).catch(() => {});
}

/**
 * Waits until a stand-in's start has taken about as long as real starts take lately (their moving
 * average, from -10 % to +10 %): an IdP refuses an unknown user faster than it prompts a phone.
 */
export async function lastLikeARealStart(kit: LoginKit, elapsedMs: number): Promise<void> {
  const ms = kit.startMilliseconds * (0.9 + Math.random() * 0.2) - elapsedMs;
  if (ms > 0) await new Promise((done) => setTimeout(done, ms));
}
