// The stable `code`s of the errors in errors.ts: every code the SDK can throw, and the login kit's
// refusals among them.

/**
 * Every stable error `code` the SDK can throw. Codes never change meaning; a new code is a minor
 * release, a removed or renamed one a major.
 *
 * @example
 * ```ts
 * import { isOnesError } from '@ones.dev/common';
 * function describe(error: unknown): string {
 *   return isOnesError(error) ? error.code : 'unexpected';
 * }
 * ```
 */
export type OnesErrorCode =
  | OnesLoginErrorCode
  | 'ERR_HTTP_STATUS'
  | 'ERR_HTTP_NETWORK'
  | 'ERR_QR_SESSION_NOT_FOUND'
  | 'ERR_OAUTH_AUTHORIZATION_PENDING'
  | 'ERR_OAUTH_SLOW_DOWN'
  | 'ERR_OAUTH_ACCESS_DENIED'
  | 'ERR_OAUTH_EXPIRED_TOKEN'
  | 'ERR_OAUTH_INVALID_GRANT'
  | 'ERR_OAUTH_TRANSACTION_FAILED'
  | 'ERR_OAUTH_INVALID_CLIENT'
  | 'ERR_OAUTH_INVALID_REQUEST'
  | 'ERR_OAUTH_UNKNOWN_USER_ID'
  | 'ERR_OAUTH_INVALID_TOKEN'
  | 'ERR_OAUTH_OTHER'
  | 'ERR_VALIDATION_ARGUMENT'
  | 'ERR_VALIDATION_RESPONSE'
  | 'ERR_CONFIG_INVALID'
  | 'ERR_SIGNER_UNAVAILABLE'
  | 'ERR_SIGNER_REFUSED'
  | 'ERR_SIGNER_RESPONSE_INVALID'
  | 'ERR_TIMEOUT_REQUEST'
  | 'ERR_TIMEOUT_POLLING'
  | 'ERR_ABORTED'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_CLAIM_INVALID'
  | 'ERR_JWT_SIGNATURE_INVALID'
  | 'ERR_JWT_DECRYPTION_FAILED';

/** What an HTTP answer looked like, kept on errors so `err.response.status === 400` checks work. */
export interface OnesErrorResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** The parsed JSON body, or the body text when it was not JSON (truncated to 500 characters). */
  readonly data: unknown;
}

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
