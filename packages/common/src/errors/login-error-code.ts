/**
 * Why the login kit (`@ones.dev/backend-modules/login`) refused a browser's request, as its answer's
 * `code` says: the browser helpers throw `OnesHttpError` with this code, and `<ones-login>` shows a
 * message for each. The HTTP status of each is in docs/login-kit.md (3.).
 *
 * @example
 * ```ts
 * import { isOnesError, logInWithUsernameClient } from '@ones.dev/common';
 * try {
 *   await logInWithUsernameClient(location.origin, 'alice');
 * } catch (error) {
 *   if (isOnesError(error, 'ERR_LOGIN_RATE_LIMITED')) console.info('wait a minute, then try again');
 * }
 * ```
 */
export type OnesLoginErrorCode =
  | 'ERR_LOGIN_ORIGIN_REFUSED'
  | 'ERR_LOGIN_CONTENT_TYPE'
  | 'ERR_LOGIN_BODY_TOO_LARGE'
  | 'ERR_LOGIN_BODY_INVALID'
  | 'ERR_LOGIN_BODY_TIMEOUT'
  | 'ERR_LOGIN_BAD_REQUEST'
  | 'ERR_LOGIN_NOT_FOUND'
  | 'ERR_LOGIN_NO_SESSION'
  | 'ERR_LOGIN_RATE_LIMITED'
  | 'ERR_LOGIN_METHOD'
  | 'ERR_LOGIN_WRONG_MODE'
  | 'ERR_LOGIN_IDP_UNAVAILABLE'
  | 'ERR_LOGIN_STORE_UNAVAILABLE'
  | 'ERR_LOGIN_INTERNAL';

/**
 * The kit's `code` in an answer's body, when it has the kit's form (`ERR_LOGIN_` and capitals): a
 * code a newer kit added passes through too, as codes are only ever added (a minor release).
 */
export function loginErrorCodeIn(data: unknown): OnesLoginErrorCode | undefined {
  const code = (data as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^ERR_LOGIN_[A-Z_]{2,30}$/.test(code)
    ? (code as OnesLoginErrorCode)
    : undefined;
}
