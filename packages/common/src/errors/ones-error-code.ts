import type { OnesLoginErrorCode } from './login-error-code.js';

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
