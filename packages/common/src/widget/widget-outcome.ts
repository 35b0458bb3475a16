import { isOnesError } from '../errors/is-ones-error.js';
import type { OnesLoginStrings } from './widget-strings.js';

/**
 * What `<ones-login>` shows: its `state` property, `data-state` on its box, and the `state` of its
 * `ones-state` events.
 *
 * @example
 * ```ts
 * import type { OnesLoginState } from '@ones.dev/common/widget';
 *
 * const retryable: OnesLoginState[] = ['denied', 'expired', 'network-error', 'error'];
 * ```
 */
export type OnesLoginState =
  | 'idle'
  | 'waiting'
  | 'scanned'
  | 'approved'
  | 'denied'
  | 'expired'
  | 'network-error'
  | 'unknown-user'
  | 'error';

/** The state a failed login ends in, and which message says why (a key of the strings). */
export function failureOf(error: unknown): {
  readonly state: OnesLoginState;
  readonly message: keyof OnesLoginStrings;
} {
  const code = isOnesError(error) ? error.code : undefined;
  const status = (error as { response?: { status?: number } } | undefined)?.response?.status ?? 0;
  if (code === 'ERR_OAUTH_ACCESS_DENIED') return { state: 'denied', message: 'denied' };
  if (
    code === 'ERR_OAUTH_EXPIRED_TOKEN' ||
    code === 'ERR_TIMEOUT_POLLING' ||
    code === 'ERR_QR_SESSION_NOT_FOUND'
  )
    return { state: 'expired', message: 'expired' };
  if (code === 'ERR_OAUTH_UNKNOWN_USER_ID') return { state: 'unknown-user', message: 'unknownUser' };
  if (code === 'ERR_HTTP_NETWORK' || code === 'ERR_TIMEOUT_REQUEST' || status >= 500)
    return { state: 'network-error', message: 'networkError' };
  return { state: 'error', message: status === 429 ? 'tooMany' : 'failed' };
}

/**
 * What an `ones-error` event carries: the `OnesError` code (e.g. `ERR_OAUTH_ACCESS_DENIED`), the
 * state the widget shows, and the message it shows.
 *
 * @example
 * ```ts
 * import '@ones.dev/common/widget';
 *
 * document.querySelector('ones-login')?.addEventListener('ones-error', (event) => {
 *   console.warn('login failed:', event.detail.code);
 * });
 * ```
 */
export interface OnesLoginErrorDetail {
  readonly code: string;
  readonly state: OnesLoginState;
  readonly message: string;
}
