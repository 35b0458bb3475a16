/**
 * Options every browser helper accepts.
 *
 * @example
 * ```ts
 * import { makeQrSessionClientV2, type ClientRequestOptions } from '@ones.dev/common';
 * const options: ClientRequestOptions = { path: '/auth/qr/new', timeoutMs: 5_000, credentials: 'include' };
 * const session = await makeQrSessionClientV2('https://shop.example', options);
 * ```
 */
export interface ClientRequestOptions {
  /** The route path on `host`, replacing the helper's default (e.g. `/api/auth/qr/make`). */
  readonly path?: string;
  /** The `fetch` to use; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Cancels the request; the helper then rejects with `ERR_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Milliseconds before the request fails with `ERR_TIMEOUT_REQUEST`; default 10 000. */
  readonly timeoutMs?: number;
  /** Extra request headers, e.g. a CSRF token. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `fetch` credentials mode; default the browser's (`same-origin`). */
  readonly credentials?: RequestCredentials;
  /** Allow a plain-http `host` that is not loopback (never do this in production). Default `false`. */
  readonly allowInsecureHost?: boolean;
}
