import type { CibaAuthenticationResponse } from '@ones.dev/common';

/**
 * Remembers which CIBA request belongs to which QR session, so that one QR session never prompts
 * the phone twice from this process: concurrent callers for one session share one CIBA request, and
 * the result is kept until the session expires. A failed request is forgotten, so a later call can
 * try again.
 */
export class QrCibaLinks {
  readonly #links = new Map<
    string,
    { readonly login: Promise<CibaAuthenticationResponse>; readonly until: number }
  >();

  /** The CIBA login for `sessionId`, made with `makeRequest` only if none is known or in flight. */
  link(
    sessionId: string,
    expiresAtSeconds: number,
    makeRequest: () => Promise<CibaAuthenticationResponse>,
  ): Promise<CibaAuthenticationResponse> {
    const now = Date.now();
    for (const [id, { until }] of this.#links) if (until <= now) this.#links.delete(id);
    const known = this.#links.get(sessionId);
    if (known !== undefined) return known.login;
    const login = makeRequest();
    this.#links.set(sessionId, { login, until: Math.max(now, expiresAtSeconds * 1000) + 60_000 });
    login.catch(() => {
      if (this.#links.get(sessionId)?.login === login) this.#links.delete(sessionId);
    });
    return login;
  }
}
