/** A QR code is replaced by a new one this long before it expires… */
const REFRESH_BEFORE_MS = 10_000;
/** …at most this many times in a row; then the widget waits for the user to ask. */
const REFRESHES = 3;

/**
 * When `<ones-login>` replaces its QR code by itself: shortly before it expires, a few times in a
 * row, so that a code on the screen can always be scanned, but an unattended page does not make
 * QR sessions forever.
 *
 * @example
 * const refresh = new QrRefresh();
 * refresh.schedule(120, () => (refresh.again() ? startAgain() : pause()));
 */
export class QrRefresh {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #count = 0;

  /** Calls `refresh` `expiresInSeconds` less 10 s from now (at least 1 s), instead of a call planned. */
  schedule(expiresInSeconds: number, refresh: () => void): void {
    this.cancel();
    this.#timer = setTimeout(refresh, Math.max(1000, expiresInSeconds * 1000 - REFRESH_BEFORE_MS));
  }

  /** No refresh planned any more (the code was scanned, or the login stopped). */
  cancel(): void {
    clearTimeout(this.#timer);
  }

  /** Whether one more refresh is allowed, and counts it. */
  again(): boolean {
    if (this.#count >= REFRESHES) return false;
    this.#count += 1;
    return true;
  }

  /** The user asked for a code: the count starts over. */
  reset(): void {
    this.#count = 0;
  }
}
