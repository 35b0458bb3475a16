import { OnesOAuthError, type TokenResponse } from '@ones.dev/common';

// A CIBA login lives at most an hour (requested_expiry ≤ 3600 s); remember used ids that long.
const REMEMBER_CONSUMED_MS = 3_600_000;

/**
 * Keeps the CIBA rule that an `auth_req_id` is polled once at a time and never again after it
 * returned tokens (a conforming IdP revokes the whole grant then), across every caller of one
 * `DeviceAuthentication`: concurrent polls of one id share one request, and a poll of a used id is
 * refused locally without reaching the IdP.
 */
export class CibaPollGuard {
  readonly #inFlight = new Map<string, Promise<TokenResponse>>();
  readonly #consumedUntil = new Map<string, number>();

  /** Runs `poll` for `authReqId`, or joins the poll in flight, or refuses a used id. */
  poll(authReqId: string, poll: () => Promise<TokenResponse>): Promise<TokenResponse> {
    const now = Date.now();
    if ((this.#consumedUntil.get(authReqId) ?? 0) > now) return Promise.reject(alreadyUsed());
    let inFlight = this.#inFlight.get(authReqId);
    if (inFlight === undefined) {
      inFlight = poll()
        .then((tokens) => {
          this.#remember(authReqId, now);
          return tokens;
        })
        .finally(() => this.#inFlight.delete(authReqId));
      this.#inFlight.set(authReqId, inFlight);
    }
    return inFlight;
  }

  #remember(authReqId: string, now: number): void {
    for (const [id, until] of this.#consumedUntil) if (until <= now) this.#consumedUntil.delete(id);
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
