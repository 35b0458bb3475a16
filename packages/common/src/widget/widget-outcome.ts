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

/**
 * The state a failed login ends in, which message says why (a key of the strings), and the kit's
 * development hint when it sent one (a page on a loopback origin: `origin … is not in \`origins\``).
 * The login kit's refusals (`ERR_LOGIN_*`, docs/login-kit.md, 3.) are read from their status and
 * code: too many logins (429); the service failing (5xx); a login that is gone; a body that came
 * too slowly; a site whose login does not fit this page (its origin, a proxy changing the request,
 * tokens mode); anything else.
 */
export function failureOf(error: unknown): {
  readonly state: OnesLoginState;
  readonly message: keyof OnesLoginStrings;
  readonly hint?: string;
} {
  const code = isOnesError(error) ? error.code : '';
  const response = (error as { response?: { status?: number; data?: { hint?: unknown } } } | undefined)
    ?.response;
  const status = response?.status ?? 0;
  const kit = code.startsWith('ERR_LOGIN_');
  const [state, message]: readonly [OnesLoginState, keyof OnesLoginStrings] =
    code === 'ERR_OAUTH_ACCESS_DENIED'
      ? ['denied', 'denied']
      : /EXPIRED_TOKEN|TIMEOUT_POLLING|QR_SESSION_NOT_FOUND|LOGIN_NOT_FOUND/.test(code)
        ? ['expired', 'expired']
        : code === 'ERR_OAUTH_UNKNOWN_USER_ID'
          ? ['unknown-user', 'unknownUser']
          : status === 429
            ? ['error', 'tooMany']
            : kit && status >= 500
              ? ['network-error', 'serviceDown']
              : /NETWORK|TIMEOUT_REQUEST|BODY_TIMEOUT/.test(code) || status >= 500
                ? ['network-error', 'networkError']
                : kit && /ORIGIN|CONTENT_TYPE|METHOD|MODE|BAD_REQUEST/.test(code)
                  ? ['error', 'setupError']
                  : ['error', 'failed'];
  const hint = response?.data?.hint;
  return { state, message, ...(kit && typeof hint === 'string' ? { hint: hint.slice(0, 200) } : {}) };
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
