import type { CibaAuthenticationResponse } from '@ones.dev/common';

/** A CIBA acknowledgement and when it arrived (ms since the epoch). */
interface LinkedLogin {
  readonly ack: CibaAuthenticationResponse;
  readonly receivedAt: number;
}

/** The acknowledgement as of now: `expires_in` counts down from when it arrived (at least 1). */
function asOfNow({ ack, receivedAt }: LinkedLogin): CibaAuthenticationResponse {
  const elapsedSeconds = Math.floor((Date.now() - receivedAt) / 1000);
  return { ...ack, expires_in: Math.max(1, ack.expires_in - elapsedSeconds) };
}

/**
 * Remembers which CIBA request belongs to which QR session, so that one QR session never prompts
 * the phone twice from this process: concurrent callers for one session share one CIBA request, and
 * the result is kept until the session expires, its `expires_in` counting down. A failed request is
 * forgotten, so a later call can try again.
 */
export class QrCibaLinks {
  readonly #links = new Map<string, { readonly login: Promise<LinkedLogin>; readonly until: number }>();

  /** The CIBA login for `sessionId`, made with `makeRequest` only if none is known or in flight. */
  link(
    sessionId: string,
    expiresAtSeconds: number,
    makeRequest: () => Promise<CibaAuthenticationResponse>,
  ): Promise<CibaAuthenticationResponse> {
    const now = Date.now();
    for (const [id, { until }] of this.#links) if (until <= now) this.#links.delete(id);
    const known = this.#links.get(sessionId);
    if (known !== undefined) return known.login.then(asOfNow);
    const login = makeRequest().then((ack) => ({ ack, receivedAt: Date.now() }));
    this.#links.set(sessionId, { login, until: Math.max(now, expiresAtSeconds * 1000) + 60_000 });
    login.catch(() => {
      if (this.#links.get(sessionId)?.login === login) this.#links.delete(sessionId);
    });
    return login.then(asOfNow);
  }
}
