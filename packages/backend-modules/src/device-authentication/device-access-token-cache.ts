import { OnesAbortError } from '@ones.dev/common';

/** `promise`, or `ERR_ABORTED` as soon as `signal` aborts (the underlying work goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = () =>
    new OnesAbortError('waiting for the device access token was aborted', { cause: signal.reason });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

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
    return signal ? abortable(this.#inFlight, signal) : this.#inFlight;
  }

  /** Forgets the token, e.g. after the IdP rejected it. */
  clear(): void {
    this.#cached = undefined;
  }
}
