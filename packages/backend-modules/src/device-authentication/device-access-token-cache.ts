import { abortable } from '../internal/abortable.js';

/** A token and the time (ms since epoch) after which it must not be used. */
interface CachedToken {
  readonly token: string;
  readonly usableUntil: number;
}

const REFRESH_MARGIN_SECONDS = 30;

/**
 * Holds the device access token until shortly before it expires, and makes concurrent callers share
 * one in-flight token request.
 */
export class DeviceAccessTokenCache {
  #cached: CachedToken | undefined;
  #inFlight: Promise<string> | undefined;

  /**
   * Returns the cached token, or runs `fetchToken` once for all concurrent callers. The shared
   * request is not tied to any caller's `signal`: one caller aborting stops only its own wait.
   */
  get(
    fetchToken: () => Promise<{ token: string; expiresIn: number }>,
    signal?: AbortSignal,
  ): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.usableUntil) return Promise.resolve(this.#cached.token);
    this.#inFlight ??= fetchToken()
      .then(({ token, expiresIn }) => {
        const margin = Math.min(REFRESH_MARGIN_SECONDS, expiresIn / 2);
        this.#cached = { token, usableUntil: Date.now() + (expiresIn - margin) * 1000 };
        return token;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return abortable(this.#inFlight, signal, 'waiting for the device access token');
  }

  /** Forgets the token, e.g. after the IdP rejected it. */
  clear(): void {
    this.#cached = undefined;
  }

  /** Forgets `token` if it is still the cached one (not a newer one another caller already fetched). */
  forget(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }
}
