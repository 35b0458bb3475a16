/**
 * Remembers which CIBA request belongs to which QR session, so that one QR session never prompts
 * the phone twice from this process: concurrent callers for one session share one CIBA request, and
 * the result is kept until the session expires. A failed request is forgotten, so a later call can
 * try again.
 */
export class QrCibaLinks {
  readonly #links = new Map<string, { readonly authRequestId: Promise<string>; readonly until: number }>();

  /** The CIBA request id for `sessionId`, made with `makeRequest` only if none is known or in flight. */
  link(sessionId: string, expiresAtSeconds: number, makeRequest: () => Promise<string>): Promise<string> {
    const now = Date.now();
    for (const [id, { until }] of this.#links) if (until <= now) this.#links.delete(id);
    const known = this.#links.get(sessionId);
    if (known !== undefined) return known.authRequestId;
    const authRequestId = makeRequest();
    this.#links.set(sessionId, { authRequestId, until: Math.max(now, expiresAtSeconds * 1000) + 60_000 });
    authRequestId.catch(() => {
      if (this.#links.get(sessionId)?.authRequestId === authRequestId) this.#links.delete(sessionId);
    });
    return authRequestId;
  }
}
