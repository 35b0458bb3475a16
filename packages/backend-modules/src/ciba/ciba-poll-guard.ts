import { OnesOAuthError, type TokenResponse } from '@ones.dev/common';
import type { IdpRefusal } from '../http/idp-http-client.js';

/** What one poll of the token endpoint gave: the tokens, or a refusal the poller expects. */
export type CibaPollAnswer = { readonly data: TokenResponse } | IdpRefusal;

// A CIBA login lives at most an hour (requested_expiry ≤ 3600 s); remember used ids that long.
const REMEMBER_CONSUMED_MS = 3_600_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * Keeps the CIBA rule that an `auth_req_id` is polled once at a time and never again after it
 * returned tokens (a conforming IdP revokes the whole grant then), across every caller of one
 * `DeviceAuthentication`: concurrent polls of one id share one request, and a poll of a used id is
 * refused locally without reaching the IdP.
 */
export class CibaPollGuard {
  readonly #inFlight = new Map<string, Promise<CibaPollAnswer>>();
  readonly #consumedUntil = new Map<string, number>();
  #nextSweepAt = 0;

  /** Runs `poll` for `authReqId`, or joins the poll in flight, or refuses a used id. */
  poll(authReqId: string, poll: () => Promise<CibaPollAnswer>): Promise<CibaPollAnswer> {
    const now = Date.now();
    if ((this.#consumedUntil.get(authReqId) ?? 0) > now) return Promise.reject(alreadyUsed());
    let inFlight = this.#inFlight.get(authReqId);
    if (inFlight === undefined) {
      inFlight = poll()
        .then((answer) => {
          if ('data' in answer) this.#remember(authReqId, now);
          return answer;
        })
        .finally(() => this.#inFlight.delete(authReqId));
      this.#inFlight.set(authReqId, inFlight);
    }
    return inFlight;
  }

  #remember(authReqId: string, now: number): void {
    // Swept once a minute, not per login: a sweep walks every id remembered within the hour.
    if (now >= this.#nextSweepAt) {
      for (const [id, until] of this.#consumedUntil) if (until <= now) this.#consumedUntil.delete(id);
      this.#nextSweepAt = now + SWEEP_EVERY_MS;
    }
    this.#consumedUntil.set(authReqId, now + REMEMBER_CONSUMED_MS);
  }
}

function alreadyUsed(): OnesOAuthError {
  return new OnesOAuthError(
    'ERR_OAUTH_INVALID_GRANT',
    'this auth_req_id already returned tokens; it was not polled again, since the IdP would revoke them',
    { error: 'invalid_grant', response: { status: 400, data: { error: 'invalid_grant' } } },
  );
}
