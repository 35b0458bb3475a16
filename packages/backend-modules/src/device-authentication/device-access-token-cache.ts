import { abortable } from '../internal/abortable.js';

/**
 * The device access token as `makeDeviceAccessToken` resolves it: the vendor's
 * `{ access_token, expires_in, token_type }`, where `expires_in` is what is left of the token's life.
 *
 * @example
 * ```ts
 * import type { DeviceAccessToken } from '@ones.dev/backend-modules';
 * const header = ({ token_type, access_token }: DeviceAccessToken) => `${token_type} ${access_token}`;
 * ```
 */
export interface DeviceAccessToken {
  readonly access_token: string;
  /** Whole seconds the token is still valid, counted from now (not from when it was issued). */
  readonly expires_in: number;
  /** As the IdP said, e.g. `Bearer`. */
  readonly token_type: string;
}

/** What the token endpoint issued: the token, its type, and its lifetime in seconds. */
export interface IssuedToken {
  readonly token: string;
  readonly tokenType: string;
  readonly expiresIn: number;
}

/** A token, when it expires, and after when it must no longer be handed out (ms since epoch). */
interface CachedToken {
  readonly token: string;
  readonly tokenType: string;
  readonly expiresAt: number;
  readonly usableUntil: number;
}

const REFRESH_MARGIN_SECONDS = 30;

function handOut(cached: CachedToken): DeviceAccessToken {
  return {
    access_token: cached.token,
    expires_in: Math.max(0, Math.floor((cached.expiresAt - Date.now()) / 1000)),
    token_type: cached.tokenType,
  };
}

/**
 * Holds the device access token until shortly before it expires, and makes concurrent callers share
 * one in-flight token request.
 */
export class DeviceAccessTokenCache {
  #cached: CachedToken | undefined;
  #inFlight: Promise<CachedToken> | undefined;

  /**
   * Returns the cached token, or runs `fetchToken` once for all concurrent callers. The shared
   * request is not tied to any caller's `signal`: one caller aborting stops only its own wait.
   */
  async get(fetchToken: () => Promise<IssuedToken>, signal?: AbortSignal): Promise<DeviceAccessToken> {
    if (this.#cached && Date.now() < this.#cached.usableUntil) return handOut(this.#cached);
    this.#inFlight ??= fetchToken()
      .then(({ token, tokenType, expiresIn }) => {
        const margin = Math.min(REFRESH_MARGIN_SECONDS, expiresIn / 2);
        const now = Date.now();
        this.#cached = {
          token,
          tokenType,
          expiresAt: now + expiresIn * 1000,
          usableUntil: now + (expiresIn - margin) * 1000,
        };
        return this.#cached;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return handOut(await abortable(this.#inFlight, signal, 'waiting for the device access token'));
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
